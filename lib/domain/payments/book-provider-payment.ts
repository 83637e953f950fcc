import 'server-only';
import type { Tx } from '../../server/db';
import type { PaymentProvider } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import { postPayment } from '../ledger/post-ledger-entry';
import { MAX_PAYMENT_KOPECKS } from './payment-limits';
import { receiptNumberSql } from './receipt-number-sql';

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

export type ProviderPaymentInput = {
  accountId: number;
  providerPaymentId: string;
  checkoutSessionId: string | null;
  amountKopecks: number;
};

export type BookedProviderPayment = {
  paymentId: number;
  /** false: this provider payment (or checkout session) was booked already; nothing written. */
  created: boolean;
  /** The account the payment is booked on (another one than asked when `created` is false). */
  accountId: number;
  /** The call-list change the new ledger entry caused (only when `created`). */
  callList?: CallListChange;
};

/**
 * The provider of a payment booked from a charge alone (a refund that arrived before its
 * sale): the demo provider's ids say so (`pi_demo_…`), so that its own completion later finds
 * the booking instead of booking the sale a second time.
 */
function providerOfPaymentId(providerPaymentId: string): PaymentProvider {
  return providerPaymentId.startsWith('pi_demo_') ? 'DEMO' : 'STRIPE';
}

/** Inserts the payment unless the provider's payment id is already booked. */
async function insertPayment(
  context: BookingContext,
  input: ProviderPaymentInput,
): Promise<{ id: number; created: boolean; accountId: number }> {
  const { tx, now } = context;
  const session = input.checkoutSessionId
    ? await tx.checkoutSession.findUnique({
        where: { id: input.checkoutSessionId },
        select: { provider: true },
      })
    : null;
  const provider: PaymentProvider =
    session?.provider ?? providerOfPaymentId(input.providerPaymentId);
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO payment (provider, provider_payment_id, checkout_session_id, receipt_number,
                          account_id, amount_kopecks, currency, status, created_at, succeeded_at)
     VALUES ($1::payment_provider, $2, $3,
             ${receiptNumberSql("($6::timestamptz AT TIME ZONE 'Europe/Kyiv')")},
             $4, $5, 'UAH', 'SUCCEEDED', $6, $6)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    provider,
    input.providerPaymentId,
    input.checkoutSessionId,
    input.accountId,
    input.amountKopecks,
    now,
  );
  const created = rows[0];
  if (created) return { id: created.id, created: true, accountId: input.accountId };
  // Booked already — by this payment id, or for this checkout session under its other id (a
  // session event without payment_intent and another with it, at the same time): the insert
  // waited for that transaction on the unique index and found its row.
  const existing = await tx.payment.findFirstOrThrow({
    where: {
      OR: [
        { provider, providerPaymentId: input.providerPaymentId },
        ...(input.checkoutSessionId ? [{ checkoutSessionId: input.checkoutSessionId }] : []),
      ],
    },
    select: { id: true, accountId: true },
  });
  return { id: existing.id, created: false, accountId: existing.accountId };
}

/**
 * Books one payment received by a provider (DESIGN rule 5), in the caller's transaction: the
 * payment row (unique on the provider's payment id and on the checkout session, so a payment
 * is booked once however many events or staff decisions name it), its PAYMENT ledger entry
 * with the call-list re-evaluation (postPayment, rule 3), the confirmation SMS job for an
 * account that chose SMS, and the checkout marked COMPLETED. Shared by the webhook and by
 * staff attaching an unmatched payment, so both book exactly alike.
 *
 * Throws INVALID_INPUT for an amount that is not positive or above MAX_PAYMENT_KOPECKS
 * (checkouts are opened for at most that: anything larger is not ours to book).
 */
export async function bookProviderPayment(
  context: BookingContext,
  input: ProviderPaymentInput,
): Promise<BookedProviderPayment> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks <= 0) {
    throw new AppError('INVALID_INPUT', `payment amount ${input.amountKopecks} is not positive`);
  }
  // Anything larger must never overflow a balance or block the account's later payments.
  if (input.amountKopecks > MAX_PAYMENT_KOPECKS) {
    throw new AppError(
      'INVALID_INPUT',
      `payment amount ${input.amountKopecks} is above the maximum`,
    );
  }
  const payment = await insertPayment(context, input);
  if (!payment.created) {
    return { paymentId: payment.id, created: false, accountId: payment.accountId };
  }
  const posted = await postPayment(context.tx, {
    accountId: input.accountId,
    paymentId: payment.id,
    amountKopecks: input.amountKopecks,
    now: context.now,
    rules: context.rules,
  });
  const account = await context.tx.account.findUniqueOrThrow({
    where: { id: input.accountId },
    select: { contactPreference: true },
  });
  if (account.contactPreference === 'SMS') {
    await context.enqueuePaymentConfirmation(context.tx, { paymentId: payment.id });
  }
  if (input.checkoutSessionId) {
    await context.tx.checkoutSession.updateMany({
      where: { id: input.checkoutSessionId },
      data: { status: 'COMPLETED' },
    });
  }
  return {
    paymentId: payment.id,
    created: true,
    accountId: input.accountId,
    callList: posted.callList,
  };
}
