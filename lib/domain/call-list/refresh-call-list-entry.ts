import 'server-only';
import type { Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import {
  lockAccountsForRefresh,
  lockCallListFeed,
  lockCallListForRefresh,
} from './call-list-locks';
import type { CallListChange, CallListEvaluation } from './call-list-reason';
import {
  addJoiningAccounts,
  evaluatedAccountsSource,
  removeLeavingAccounts,
  updateStayingAccounts,
} from './call-list-transitions-sql';
import { evaluateCallListOf } from './evaluate-call-list';

export type CallListRefresh = { change: CallListChange; evaluation: CallListEvaluation };

type OpenStay = { account_id: number; overdue_kopecks: number; overdue_months: number };

/**
 * The locks a refresh of these accounts takes, in this order: call_list_entry for a refresh
 * (waits for a running rebuild), then the accounts in id order. A caller that writes the
 * accounts' ledger before refreshing them takes these first (postPayments).
 */
export async function lockCallListRefresh(tx: Tx, accountIds: readonly number[]): Promise<void> {
  await lockCallListForRefresh(tx);
  await lockAccountsForRefresh(
    tx,
    [...new Set(accountIds)].sort((a, b) => a - b),
  );
}

/**
 * Re-evaluates the call-list membership (DESIGN rule 3) of a set of accounts inside the
 * caller's transaction and records adds and removals, with their reason, in the entry history
 * and the dialer's changes feed. Call it inside the transaction of every ledger change, so
 * that a confirmed payment removes the number at the moment it commits. Idempotent: evaluating
 * an unchanged account changes nothing. One evaluation query for the whole set, and the
 * rebuild's own transitions (call-list-transitions-sql.ts) applied to the evaluated rows: one
 * account (refreshCallListEntry) or a batch's accounts (a bank import) take the same path.
 */
export async function refreshCallListEntries(
  tx: Tx,
  options: {
    accountIds: readonly number[];
    asOf?: Date;
    rules: BillingRules;
    /** The caller holds lockCallListRefresh for these accounts already (postPayments). */
    locked?: boolean;
  },
): Promise<Map<number, CallListRefresh>> {
  const asOf = options.asOf ?? new Date();
  const accountIds = [...new Set(options.accountIds)].sort((a, b) => a - b);
  const refreshed = new Map<number, CallListRefresh>();
  if (accountIds.length === 0) return refreshed;
  if (!options.locked) await lockCallListRefresh(tx, accountIds);
  const evaluations = await evaluateCallListOf(tx, { accountIds, asOf, rules: options.rules });
  const open = new Map(
    (
      await tx.$queryRawUnsafe<OpenStay[]>(
        `SELECT account_id, overdue_kopecks, overdue_months FROM call_list_entry
          WHERE account_id = ANY($1::int[]) AND removed_at IS NULL`,
        accountIds,
      )
    ).map((stay) => [stay.account_id, stay]),
  );

  let staying = false;
  let moving = false;
  for (const [accountId, evaluation] of evaluations) {
    const stay = open.get(accountId);
    const belongs = evaluation.reason === 'OVERDUE';
    let change: CallListChange = 'UNCHANGED';
    if (stay && belongs) {
      staying = true;
      // The UPDATE transition's own condition: the stay's figures differ.
      const differs =
        stay.overdue_kopecks !== evaluation.overdue ||
        stay.overdue_months !== evaluation.overdueMonths;
      change = differs ? 'UPDATED' : 'UNCHANGED';
    } else if (stay || belongs) {
      moving = true;
      change = stay ? 'REMOVED' : 'ADDED';
    }
    refreshed.set(accountId, { change, evaluation });
  }
  const source = evaluatedAccountsSource([...evaluations.values()]);
  if (staying) await updateStayingAccounts(tx, source);
  if (moving) {
    // Membership changes: the feed lock first, so event ids follow commit order.
    await lockCallListFeed(tx);
    await removeLeavingAccounts(tx, source, asOf);
    await addJoiningAccounts(tx, source, asOf);
  }
  return refreshed;
}

/** Re-evaluates one account (refreshCallListEntries with one account). */
export async function refreshCallListEntry(
  tx: Tx,
  options: { accountId: number; asOf?: Date; rules: BillingRules },
): Promise<CallListRefresh> {
  const refreshed = await refreshCallListEntries(tx, {
    accountIds: [options.accountId],
    asOf: options.asOf,
    rules: options.rules,
  });
  const one = refreshed.get(options.accountId);
  if (!one) throw new Error(`account ${options.accountId} was not evaluated`);
  return one;
}
