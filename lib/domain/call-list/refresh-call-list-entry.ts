import 'server-only';
import type { Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import { lockCallListFeed, lockCallListForRefresh } from './call-list-locks';
import type { CallListChange, CallListEvaluation } from './call-list-reason';
import {
  addJoiningAccounts,
  oneAccountSource,
  removeLeavingAccounts,
  updateStayingAccounts,
} from './call-list-transitions-sql';
import { evaluateCallList } from './evaluate-call-list';

/**
 * Re-evaluates one account's call-list membership (DESIGN rule 3) inside the caller's
 * transaction and records an add or a removal, with its reason, in the entry history and the
 * dialer's changes feed. Call it inside the transaction of every ledger change, so that a
 * confirmed payment removes the number at the moment it commits. Idempotent: evaluating an
 * unchanged account changes nothing. The transitions are the rebuild's own SQL
 * (call-list-transitions-sql.ts) applied to this one account.
 */
export async function refreshCallListEntry(
  tx: Tx,
  options: { accountId: number; asOf?: Date; rules: BillingRules },
): Promise<{ change: CallListChange; evaluation: CallListEvaluation }> {
  const asOf = options.asOf ?? new Date();
  await lockCallListForRefresh(tx);
  // Serialise concurrent evaluations of the same account (two webhooks at once). NO KEY UPDATE,
  // not UPDATE: it must not conflict with the KEY SHARE locks that foreign-key checks of the
  // same transaction's siblings hold (payment and ledger rows referencing the account), or two
  // payments for one account deadlock; it is the lock the balance trigger's UPDATE takes anyway.
  await tx.$queryRawUnsafe(
    'SELECT id FROM account WHERE id = $1 FOR NO KEY UPDATE',
    options.accountId,
  );
  const evaluation = await evaluateCallList(tx, {
    accountId: options.accountId,
    asOf,
    rules: options.rules,
  });
  const open = await tx.callListEntry.findFirst({
    where: { accountId: options.accountId, removedAt: null },
    select: { id: true },
  });
  const belongs = evaluation.reason === 'OVERDUE';
  const source = oneAccountSource(evaluation);

  if (open && belongs) {
    const updated = await updateStayingAccounts(tx, source);
    return { change: updated > 0 ? 'UPDATED' : 'UNCHANGED', evaluation };
  }
  if (!open && !belongs) return { change: 'UNCHANGED', evaluation };
  // Membership changes: the feed lock first, so event ids follow commit order.
  await lockCallListFeed(tx);
  if (open) {
    await removeLeavingAccounts(tx, source, asOf);
    return { change: 'REMOVED', evaluation };
  }
  await addJoiningAccounts(tx, source, asOf);
  return { change: 'ADDED', evaluation };
}
