import 'server-only';
import type { Tx } from '../../server/db';
import type { PaymentReversalSource, PaymentStatus } from '../../server/generated/prisma/enums';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import { postPayment, postReversal } from '../ledger/post-ledger-entry';
import { takeFromShares } from './checkout-shares';

type PaymentRef = { id: number; accountId: number; amountKopecks: number };
type Common = { tx: Tx; now: Date; rules: BillingRules };
/** One provider payment: its shares (payment rows) in share order; one for one account. */
type Shares = { shares: readonly PaymentRef[] };

/**
 * Provider-side reversals of one payment (DESIGN rule 5), tracked per source so that they add
 * up right whatever the order and however often each event is delivered:
 * - a refund is cumulative per charge (Stripe's `amount_refunded`), a card dispute per dispute
 *   id; each source reverses only the difference from what it has already reversed;
 * - all sources together never take back more than the payment;
 * - a payment that paid several accounts gives each reversal back from its LAST share first
 *   (takeFromShares), each share no further than what is left of it;
 * - a dispute the resident's bank closes in the utility's favour (won, funds reinstated) puts
 *   back on each share what it took from it, so nobody is left in debt or back on the call list.
 * The shares' rows are locked first, so reversals of one payment are decided one at a time.
 * Every ledger write re-evaluates that account's call list in the caller's transaction.
 */
export async function reverseFromSource(
  options: Common &
    Shares & {
      source: PaymentReversalSource;
      sourceId: string;
      /** What this source has taken back in all, as the provider now reports it. */
      cumulativeKopecks: number;
      memo: string;
    },
): Promise<{ delta: number; callList: CallListChange[] }> {
  const { tx } = options;
  const shares = await lockShares(tx, options.shares);
  const rows = [];
  for (const share of shares) {
    rows.push(await lockSource(tx, share.id, options.source, options.sourceId, options.now));
  }
  const net = await netReversedByShare(tx, shares);
  const total = shares.reduce((sum, share) => sum + share.amountKopecks, 0);
  const bySource = rows.reduce((sum, row) => sum + row.reversed, 0);
  const netBySource = rows.reduce((sum, row) => sum + row.reversed - row.reinstated, 0);
  const byOthers = net.reduce((sum, value) => sum + value, 0) - netBySource;
  const wanted = Math.min(Math.max(0, options.cumulativeKopecks), total - byOthers);
  const delta = wanted - bySource;
  if (delta <= 0) return { delta: 0, callList: [] };
  const takes = takeFromShares(
    shares.map((share, index) => share.amountKopecks - (net[index] ?? 0)),
    delta,
  );
  const callList: CallListChange[] = [];
  let reversedInAll = 0;
  for (const [index, share] of shares.entries()) {
    const take = takes[index] ?? 0;
    const row = rows[index];
    if (take <= 0 || !row) continue;
    const { reversed, callList: change } = await reverseLedger(options, share, take);
    await tx.paymentReversal.update({
      where: { id: row.id },
      data: { reversedKopecks: { increment: reversed }, updatedAt: options.now },
    });
    await updatePaymentStatus(tx, share);
    if (change) callList.push(change);
    reversedInAll += reversed;
  }
  return { delta: reversedInAll, callList };
}

/** A dispute closed in the utility's favour: what it took back becomes credit again. */
export async function reinstateDispute(
  options: Common & Shares & { disputeId: string; outcome: 'WON' | 'LOST' },
): Promise<{ reinstated: number; callList: CallListChange[] }> {
  const { tx } = options;
  const shares = await lockShares(tx, options.shares);
  let reinstatedInAll = 0;
  const callList: CallListChange[] = [];
  for (const share of shares) {
    const row = await lockSource(tx, share.id, 'DISPUTE', options.disputeId, options.now);
    await tx.paymentReversal.update({
      where: { id: row.id },
      data: { disputeStatus: options.outcome, updatedAt: options.now },
    });
    const amount = row.reversed - row.reinstated;
    if (options.outcome === 'WON' && amount > 0) {
      const posted = await postPayment(tx, {
        accountId: share.accountId,
        paymentId: share.id,
        amountKopecks: amount,
        now: options.now,
        rules: options.rules,
      });
      await tx.paymentReversal.update({
        where: { id: row.id },
        data: { reinstatedKopecks: { increment: amount } },
      });
      if (posted.callList) callList.push(posted.callList);
      reinstatedInAll += amount;
    }
    await updatePaymentStatus(tx, share);
  }
  return { reinstated: reinstatedInAll, callList };
}

/** Locks the payment's share rows (in id order, as every reversal does) and rereads them. */
async function lockShares(tx: Tx, shares: readonly PaymentRef[]): Promise<PaymentRef[]> {
  const ids = shares.map((share) => share.id);
  const rows = await tx.$queryRawUnsafe<
    { id: number; account_id: number; amount_kopecks: number; share_index: number }[]
  >(
    `SELECT id, account_id, amount_kopecks, share_index FROM payment
      WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`,
    ids,
  );
  return rows
    .sort((a, b) => a.share_index - b.share_index)
    .map((row) => ({ id: row.id, accountId: row.account_id, amountKopecks: row.amount_kopecks }));
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
     ON CONFLICT (payment_id, source, source_id) DO NOTHING`,
    paymentId,
    source,
    sourceId,
    now,
  );
  const [row] = await tx.$queryRawUnsafe<{ id: number; reversed: number; reinstated: number }[]>(
    `SELECT id, reversed_kopecks AS reversed, reinstated_kopecks AS reinstated
       FROM payment_reversal
      WHERE payment_id = $1 AND source = $2::payment_reversal_source AND source_id = $3
        FOR UPDATE`,
    paymentId,
    source,
    sourceId,
  );
  if (!row) throw new Error(`payment_reversal ${source} ${sourceId} vanished`);
  return row;
}

/** What all sources together have taken back (net of reinstatements) from each share. */
async function netReversedByShare(tx: Tx, shares: readonly PaymentRef[]): Promise<number[]> {
  const rows = await tx.$queryRawUnsafe<{ payment_id: number; net: number }[]>(
    `SELECT payment_id, coalesce(sum(reversed_kopecks - reinstated_kopecks), 0)::int AS net
       FROM payment_reversal WHERE payment_id = ANY($1::int[]) GROUP BY payment_id`,
    shares.map((share) => share.id),
  );
  const byId = new Map(rows.map((row) => [row.payment_id, row.net]));
  return shares.map((share) => byId.get(share.id) ?? 0);
}

/**
 * Reverses `amount` of the payment's credits in the ledger: its PAYMENT entries (the sale and
 * any reinstatement), oldest first, each no further than what is left of it (the database's
 * reversal rule).
 */
async function reverseLedger(
  options: Common & { memo: string },
  payment: PaymentRef,
  amount: number,
) {
  const { tx, memo } = options;
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
