import 'server-only';
import type { Tx } from '../../server/db';
import type { PaymentReversalSource, PaymentStatus } from '../../server/generated/prisma/enums';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import { postPayment, postReversal } from '../ledger/post-ledger-entry';

type PaymentRef = { id: number; accountId: number; amountKopecks: number };
type Common = { tx: Tx; payment: PaymentRef; now: Date; rules: BillingRules };

/**
 * Provider-side reversals of one payment (DESIGN rule 5), tracked per source so that they add
 * up right whatever the order and however often each event is delivered:
 * - a refund is cumulative per charge (Stripe's `amount_refunded`), a card dispute per dispute
 *   id; each source reverses only the difference from what it has already reversed;
 * - all sources together never take back more than the payment;
 * - a dispute the resident's bank closes in the utility's favour (won, funds reinstated) puts
 *   its amount back as a credit, so the resident is not left in debt or back on the call list.
 * Every ledger write re-evaluates the call list in the caller's transaction.
 */
export async function reverseFromSource(
  options: Common & {
    source: PaymentReversalSource;
    sourceId: string;
    /** What this source has taken back in all, as the provider now reports it. */
    cumulativeKopecks: number;
    memo: string;
  },
): Promise<{ delta: number; callList?: CallListChange }> {
  const { tx, payment } = options;
  const row = await lockSource(tx, payment.id, options.source, options.sourceId, options.now);
  const others = await netReversedByOthers(tx, payment.id, row.id);
  const wanted = Math.min(Math.max(0, options.cumulativeKopecks), payment.amountKopecks - others);
  const delta = wanted - row.reversed;
  if (delta <= 0) return { delta: 0 };
  const { reversed, callList } = await reverseLedger(options, delta, options.memo);
  await tx.paymentReversal.update({
    where: { id: row.id },
    data: { reversedKopecks: { increment: reversed }, updatedAt: options.now },
  });
  await updatePaymentStatus(tx, payment);
  return { delta: reversed, callList };
}

/** A dispute closed in the utility's favour: what it took back becomes credit again. */
export async function reinstateDispute(
  options: Common & { disputeId: string; outcome: 'WON' | 'LOST' },
): Promise<{ reinstated: number; callList?: CallListChange }> {
  const { tx, payment } = options;
  const row = await lockSource(tx, payment.id, 'DISPUTE', options.disputeId, options.now);
  await tx.paymentReversal.update({
    where: { id: row.id },
    data: { disputeStatus: options.outcome, updatedAt: options.now },
  });
  const amount = row.reversed - row.reinstated;
  if (options.outcome === 'LOST' || amount <= 0) {
    await updatePaymentStatus(tx, payment);
    return { reinstated: 0 };
  }
  const posted = await postPayment(tx, {
    accountId: payment.accountId,
    paymentId: payment.id,
    amountKopecks: amount,
    now: options.now,
    rules: options.rules,
  });
  await tx.paymentReversal.update({
    where: { id: row.id },
    data: { reinstatedKopecks: { increment: amount } },
  });
  await updatePaymentStatus(tx, payment);
  return { reinstated: amount, callList: posted.callList };
}

async function lockSource(
  tx: Tx,
  paymentId: number,
  source: PaymentReversalSource,
  sourceId: string,
  now: Date,
): Promise<{ id: number; reversed: number; reinstated: number }> {
  await tx.$executeRawUnsafe(
    `INSERT INTO payment_reversal (payment_id, source, source_id, dispute_status, updated_at)
     VALUES ($1, $2::payment_reversal_source, $3, CASE WHEN $2 = 'DISPUTE' THEN 'OPEN' END, $4)
     ON CONFLICT (source, source_id) DO NOTHING`,
    paymentId,
    source,
    sourceId,
    now,
  );
  const [row] = await tx.$queryRawUnsafe<{ id: number; reversed: number; reinstated: number }[]>(
    `SELECT id, reversed_kopecks AS reversed, reinstated_kopecks AS reinstated
       FROM payment_reversal WHERE source = $1::payment_reversal_source AND source_id = $2
        FOR UPDATE`,
    source,
    sourceId,
  );
  if (!row) throw new Error(`payment_reversal ${source} ${sourceId} vanished`);
  return row;
}

async function netReversedByOthers(tx: Tx, paymentId: number, exceptId: number): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<{ net: number }[]>(
    `SELECT coalesce(sum(reversed_kopecks - reinstated_kopecks), 0)::int AS net
       FROM payment_reversal WHERE payment_id = $1 AND id <> $2`,
    paymentId,
    exceptId,
  );
  return row?.net ?? 0;
}

/**
 * Reverses `amount` of the payment's credits in the ledger: its PAYMENT entries (the sale and
 * any reinstatement), oldest first, each no further than what is left of it (the database's
 * reversal rule).
 */
async function reverseLedger(options: Common, amount: number, memo: string) {
  const { tx, payment } = options;
  const entries = await tx.$queryRawUnsafe<{ id: bigint; capacity: number }[]>(
    `SELECT e.id, (-e.amount_kopecks - coalesce(
              (SELECT sum(r.amount_kopecks) FROM ledger_entry r WHERE r.reverses_entry_id = e.id), 0))::int
              AS capacity
       FROM ledger_entry e
      WHERE e.payment_id = $1 AND e.kind = 'PAYMENT'
      ORDER BY e.id`,
    payment.id,
  );
  let left = amount;
  let callList: CallListChange | undefined;
  for (const entry of entries) {
    if (left <= 0) break;
    const take = Math.min(left, entry.capacity);
    if (take <= 0) continue;
    const posted = await postReversal(tx, {
      accountId: payment.accountId,
      reversesEntryId: entry.id,
      amountKopecks: take,
      paymentId: payment.id,
      memo,
      now: options.now,
      rules: options.rules,
    });
    callList = posted.callList;
    left -= take;
  }
  return { reversed: amount - left, callList };
}

/** payment.refunded_kopecks and status follow the sources: one place computes them. */
async function updatePaymentStatus(tx: Tx, payment: PaymentRef): Promise<void> {
  const rows = await tx.paymentReversal.findMany({
    where: { paymentId: payment.id },
    select: { source: true, reversedKopecks: true, reinstatedKopecks: true, disputeStatus: true },
  });
  const net = rows.reduce((sum, r) => sum + r.reversedKopecks - r.reinstatedKopecks, 0);
  const disputed = rows.some((r) => r.disputeStatus === 'OPEN' && r.reversedKopecks > 0);
  const status: PaymentStatus = disputed
    ? 'DISPUTED'
    : net >= payment.amountKopecks
      ? 'REFUNDED'
      : net > 0
        ? 'PARTIALLY_REFUNDED'
        : 'SUCCEEDED';
  await tx.payment.update({ where: { id: payment.id }, data: { refundedKopecks: net, status } });
}
