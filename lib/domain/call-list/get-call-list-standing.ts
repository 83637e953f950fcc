import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import type { CallListReason } from './call-list-reason';
import { evaluateCallList } from './evaluate-call-list';

/**
 * Where an account stands with the call list, in the terms a resident needs after paying,
 * choosing SMS or opening a dispute:
 * - ON_LIST: the dialer calls the number (since when, and the overdue part that stops it);
 * - REMOVED: it left the list at or after `since` (the payment's time, say), and why;
 * - OFF: it is not on the list, for the reason the rule gives (nothing overdue, SMS, …).
 */
export type CallListStanding =
  | { kind: 'ON_LIST'; since: Date; overdue: number; overdueMonths: number }
  | { kind: 'REMOVED'; at: Date; reason: CallListReason }
  | { kind: 'OFF'; reason: CallListReason };

export async function getCallListStanding(
  db: PrismaClient | Tx,
  options: { accountId: number; since: Date; asOf?: Date; rules: BillingRules },
): Promise<CallListStanding> {
  const asOf = options.asOf ?? new Date();
  const open = await db.callListEntry.findFirst({
    where: { accountId: options.accountId, removedAt: null },
    select: { addedAt: true },
  });
  const evaluation = await evaluateCallList(db, {
    accountId: options.accountId,
    asOf,
    rules: options.rules,
  });
  if (open) {
    return {
      kind: 'ON_LIST',
      since: open.addedAt,
      overdue: evaluation.overdue,
      overdueMonths: evaluation.overdueMonths,
    };
  }
  const removal = await db.callListEvent.findFirst({
    where: { accountId: options.accountId, action: 'REMOVED', createdAt: { gte: options.since } },
    orderBy: { id: 'desc' },
    select: { createdAt: true, reason: true },
  });
  if (removal) return { kind: 'REMOVED', at: removal.createdAt, reason: removal.reason };
  return { kind: 'OFF', reason: evaluation.reason };
}

/**
 * The standing after a booked payment: a removal counts from a minute before the payment's
 * time (the provider's clock and ours may differ a little). The result page, the receipt and
 * its PDF all ask this.
 */
export function getCallListStandingAfterPayment(
  db: PrismaClient | Tx,
  options: { accountId: number; paidAt: Date; rules: BillingRules },
): Promise<CallListStanding> {
  return getCallListStanding(db, {
    accountId: options.accountId,
    since: new Date(options.paidAt.getTime() - 60_000),
    rules: options.rules,
  });
}
