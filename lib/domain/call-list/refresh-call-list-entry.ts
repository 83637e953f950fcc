import 'server-only';
import { kyivMonthOf } from '../../dates';
import type { Tx } from '../../server/db';
import { type BillingRules, DEFAULT_BILLING_RULES } from '../billing-rules';
import type { CallListChange, CallListEvaluation } from './call-list-reason';
import { EVALUATE_CALL_LIST_SQL } from './evaluate-call-list-sql';

type EvaluationRow = {
  account_id: number;
  phone: string | null;
  overdue: number;
  overdue_months: number;
  reason: CallListEvaluation['reason'];
};

export function callListParams(asOf: Date, rules: BillingRules, accountId: number | null) {
  return [
    `${kyivMonthOf(asOf)}-01`,
    rules.dueMonthsAfter,
    rules.callListMinOverdueMonths,
    rules.callListMinOverdueKopecks,
    accountId,
  ] as const;
}

/**
 * Takes the lock that orders single-account refreshes after a running full rebuild (which
 * holds SHARE ROW EXCLUSIVE): refreshes do not block each other, and a refresh never acts on
 * an evaluation older than a rebuild's writes.
 */
export async function lockCallListForRefresh(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('LOCK TABLE call_list_entry IN ROW EXCLUSIVE MODE');
}

/** Key of the transaction-scoped advisory lock that orders the changes feed. */
const FEED_LOCK_KEY = 740_311_001;

/**
 * Serialises writers of call_list_event from here until their commit, so that event ids are
 * handed out in commit order. Without it a slow transaction could commit id 100 after a fast
 * one committed 101, and a dialer that had already read past 101 would never see 100. Taken
 * only when membership changes, at the end of the business transaction, so it is held for
 * one insert and the commit.
 */
export async function lockCallListFeed(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', FEED_LOCK_KEY);
}

/**
 * Re-evaluates one account's call-list membership (DESIGN rule 3) inside the caller's
 * transaction and records an add or a removal, with its reason, in the entry history and the
 * dialer's changes feed. Call it inside the transaction of every ledger change, so that a
 * confirmed payment removes the number at the moment it commits. Idempotent: evaluating an
 * unchanged account changes nothing.
 */
export async function refreshCallListEntry(
  tx: Tx,
  options: { accountId: number; asOf?: Date; rules?: BillingRules },
): Promise<{ change: CallListChange; evaluation: CallListEvaluation }> {
  const asOf = options.asOf ?? new Date();
  const rules = options.rules ?? DEFAULT_BILLING_RULES;
  await lockCallListForRefresh(tx);
  // Serialise concurrent evaluations of the same account (two webhooks at once). NO KEY UPDATE,
  // not UPDATE: it must not conflict with the KEY SHARE locks that foreign-key checks of the
  // same transaction's siblings hold (payment and ledger rows referencing the account), or two
  // payments for one account deadlock; it is the lock the balance trigger's UPDATE takes anyway.
  await tx.$queryRawUnsafe(
    'SELECT id FROM account WHERE id = $1 FOR NO KEY UPDATE',
    options.accountId,
  );

  const rows = await tx.$queryRawUnsafe<EvaluationRow[]>(
    EVALUATE_CALL_LIST_SQL,
    ...callListParams(asOf, rules, options.accountId),
  );
  const row = rows[0];
  const evaluation: CallListEvaluation = row
    ? {
        accountId: row.account_id,
        phone: row.phone,
        overdue: row.overdue,
        overdueMonths: row.overdue_months,
        reason: row.reason,
      }
    : { accountId: options.accountId, phone: null, overdue: 0, overdueMonths: 0, reason: 'PAID' };

  const open = await tx.callListEntry.findFirst({
    where: { accountId: options.accountId, removedAt: null },
  });

  if (evaluation.reason === 'OVERDUE' && evaluation.phone) {
    if (!open) {
      await lockCallListFeed(tx);
      const entry = await tx.callListEntry.create({
        data: {
          accountId: options.accountId,
          phoneE164: evaluation.phone,
          overdueKopecks: evaluation.overdue,
          overdueMonths: evaluation.overdueMonths,
          addedAt: asOf,
        },
      });
      await tx.callListEvent.create({
        data: {
          entryId: entry.id,
          accountId: options.accountId,
          action: 'ADDED',
          reason: 'OVERDUE',
          createdAt: asOf,
        },
      });
      return { change: 'ADDED', evaluation };
    }
    if (
      open.overdueKopecks !== evaluation.overdue ||
      open.overdueMonths !== evaluation.overdueMonths
    ) {
      await tx.callListEntry.update({
        where: { id: open.id },
        data: { overdueKopecks: evaluation.overdue, overdueMonths: evaluation.overdueMonths },
      });
      return { change: 'UPDATED', evaluation };
    }
    return { change: 'UNCHANGED', evaluation };
  }

  if (open) {
    await lockCallListFeed(tx);
    await tx.callListEntry.update({
      where: { id: open.id },
      // Never before it was added (clock skew between app instances, or a rebuild dated ahead).
      data: {
        removedAt: new Date(Math.max(asOf.getTime(), open.addedAt.getTime())),
        removalReason: evaluation.reason,
      },
    });
    await tx.callListEvent.create({
      data: {
        entryId: open.id,
        accountId: options.accountId,
        action: 'REMOVED',
        reason: evaluation.reason,
        createdAt: asOf,
      },
    });
    return { change: 'REMOVED', evaluation };
  }
  return { change: 'UNCHANGED', evaluation };
}
