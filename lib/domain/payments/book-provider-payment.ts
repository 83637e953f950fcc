import 'server-only';
import type { Tx } from '../../server/db';
import type { PaymentProvider } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import { postPayment } from '../ledger/post-ledger-entry';
import { MAX_CHECKOUT_SHARES } from './checkout-shares';
import { insertPaymentRows } from './insert-payment-rows';
import { MAX_PAYMENT_KOPECKS } from './payment-limits';

/**
 * Enqueues the "payment received" SMS in the booking's own transaction (a job that exists
 * exactly when the payment committed); the entry point passes the queue adapter.
 */
export type EnqueuePaymentConfirmation = (tx: Tx, job: { paymentId: number }) => Promise<void>;

/** What a booking needs from its caller: the transaction, the clock, the rules, the queue. */
export type BookingContext = {
  tx: Tx;
  now: Date;
  rules: BillingRules;
  enqueuePaymentConfirmation: EnqueuePaymentConfirmation;
};

/** One account's part of a provider payment. */
export type PaymentShareInput = { accountId: number; amountKopecks: number };

export type ProviderPaymentInput = {
  providerPaymentId: string;
  checkoutSessionId: string | null;
  /** In the checkout's order; one share for a one-account payment. */
  shares: readonly PaymentShareInput[];
};

export type BookedShare = {
  paymentId: number;
  accountId: number;
  amountKopecks: number;
  /** The call-list change this share's ledger entry caused (only when `created`). */
  callList?: CallListChange;
};

export type BookedProviderPayment = {
  /** false: this provider payment (or checkout session) was booked already; nothing written. */
  created: boolean;
  /** Every share as booked, in order (as booked before when `created` is false). */
  shares: BookedShare[];
};

/**
 * The provider of a payment booked from a charge alone (a refund that arrived before its
 * sale): the demo provider's ids say so (`pi_demo_…`), so that its own completion later finds
 * the booking instead of booking the sale a second time.
 */
function providerOfPaymentId(providerPaymentId: string): PaymentProvider {
  return providerPaymentId.startsWith('pi_demo_') ? 'DEMO' : 'STRIPE';
}

/** Inserts one share's payment row unless it exists (by provider payment id or session). */
async function insertShare(
  context: BookingContext,
  input: ProviderPaymentInput,
  provider: PaymentProvider,
  shareIndex: number,
  share: PaymentShareInput,
): Promise<number | null> {
  const [row] = await insertPaymentRows(
    context.tx,
    [
      {
        provider,
        providerPaymentId: input.providerPaymentId,
        checkoutSessionId: input.checkoutSessionId,
        shareIndex,
        accountId: share.accountId,
        amountKopecks: share.amountKopecks,
      },
    ],
    context.now,
  );
  return row?.id ?? null;
}

/**
 * The shares booked before under this provider payment id, or for this checkout session under
 * its other id (a session event without payment_intent and another with it, at the same time:
 * the insert waited for that transaction on the unique index and found its rows).
 */
async function bookedShares(
  tx: Tx,
  provider: PaymentProvider,
  input: ProviderPaymentInput,
): Promise<BookedShare[]> {
  const share0 = await tx.payment.findFirstOrThrow({
    where: {
      shareIndex: 0,
      OR: [
        { provider, providerPaymentId: input.providerPaymentId },
        ...(input.checkoutSessionId ? [{ checkoutSessionId: input.checkoutSessionId }] : []),
      ],
    },
    select: { provider: true, providerPaymentId: true },
  });
  const rows = await tx.payment.findMany({
    where: { provider: share0.provider, providerPaymentId: share0.providerPaymentId },
    select: { id: true, accountId: true, amountKopecks: true },
    orderBy: { shareIndex: 'asc' },
  });
  return rows.map((row) => ({
    paymentId: row.id,
    accountId: row.accountId,
    amountKopecks: row.amountKopecks,
  }));
}

function checkShares(shares: readonly PaymentShareInput[]): void {
  if (shares.length === 0 || shares.length > MAX_CHECKOUT_SHARES) {
    throw new AppError('INVALID_INPUT', `a payment has 1 to ${MAX_CHECKOUT_SHARES} shares`);
  }
  if (new Set(shares.map((share) => share.accountId)).size !== shares.length) {
    throw new AppError('INVALID_INPUT', 'an account appears twice in one payment');
  }
  const total = shares.reduce((sum, share) => sum + share.amountKopecks, 0);
  for (const amount of [...shares.map((share) => share.amountKopecks), total]) {
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new AppError('INVALID_INPUT', `payment amount ${amount} is not positive`);
    }
    // Anything larger must never overflow a balance or block the account's later payments.
    if (amount > MAX_PAYMENT_KOPECKS) {
      throw new AppError('INVALID_INPUT', `payment amount ${amount} is above the maximum`);
    }
  }
}

/**
 * Books one payment received by a provider (DESIGN rule 5), in the caller's transaction: for
 * each of its shares (one per account; several when a resident paid linked accounts in one
 * checkout) the payment row, its PAYMENT ledger entry with that account's call-list
 * re-evaluation (postPayment, rule 3) and the confirmation SMS job for an account that chose
 * SMS; then the checkout marked COMPLETED. Share 0 is written first and is unique on the
 * provider's payment id and on the checkout session, so however many events or staff
 * decisions name the payment, it is booked once: a second booking finds share 0 and writes
 * nothing. Shared by the webhook and by staff attaching an unmatched payment.
 *
 * Throws INVALID_INPUT for shares that are empty, repeat an account, are not positive, or
 * (one or all together) exceed MAX_PAYMENT_KOPECKS: checkouts are opened for at most that.
 */
export async function bookProviderPayment(
  context: BookingContext,
  input: ProviderPaymentInput,
): Promise<BookedProviderPayment> {
  checkShares(input.shares);
  const { tx } = context;
  const session = input.checkoutSessionId
    ? await tx.checkoutSession.findUnique({
        where: { id: input.checkoutSessionId },
        select: { provider: true },
      })
    : null;
  const provider: PaymentProvider =
    session?.provider ?? providerOfPaymentId(input.providerPaymentId);
  const booked: BookedShare[] = [];
  for (const [index, share] of input.shares.entries()) {
    const paymentId = await insertShare(context, input, provider, index, share);
    if (paymentId === null) {
      if (index === 0) return { created: false, shares: await bookedShares(tx, provider, input) };
      // Share 0 was ours, so nobody else can hold this one: the data is inconsistent.
      throw new Error(`payment ${input.providerPaymentId} share ${index} exists without share 0`);
    }
    const posted = await postPayment(tx, {
      accountId: share.accountId,
      paymentId,
      amountKopecks: share.amountKopecks,
      now: context.now,
      rules: context.rules,
    });
    const account = await tx.account.findUniqueOrThrow({
      where: { id: share.accountId },
      select: { contactPreference: true },
    });
    if (account.contactPreference === 'SMS') {
      await context.enqueuePaymentConfirmation(tx, { paymentId });
    }
    booked.push({ paymentId, ...share, callList: posted.callList });
  }
  if (input.checkoutSessionId) {
    await tx.checkoutSession.updateMany({
      where: { id: input.checkoutSessionId },
      data: { status: 'COMPLETED' },
    });
  }
  return { created: true, shares: booked };
}
