import 'server-only';
import { ZodError } from 'zod';
import type { PrismaClient, Tx } from '../../server/db';
import type { PaymentProvider, WebhookOutcome } from '../../server/generated/prisma/enums';
import { AppError, isAppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { postPayment } from '../ledger/post-ledger-entry';
import { MAX_PAYMENT_KOPECKS } from './payment-limits';
import { reinstateDispute, reverseFromSource } from './payment-reversals';
import { receiptNumberSql } from './receipt-number-sql';
import {
  type TCharge,
  type TCheckoutSession,
  type TDispute,
  type TStripeEvent,
  ZChargeSchema,
  ZCheckoutSessionSchema,
  ZDisputeSchema,
} from './stripe-payloads';

/** What one handler did; recorded on the webhook_event row. */
type HandlerResult = {
  outcome: WebhookOutcome;
  detail?: string;
  paymentId?: number;
  callList?: string;
};

export type StripeEventResult = HandlerResult | { outcome: 'DUPLICATE' };

/**
 * Enqueues the "payment received" SMS in the booking's own transaction (a job that exists
 * exactly when the payment committed); the entry point passes the queue adapter.
 */
export type EnqueuePaymentConfirmation = (tx: Tx, job: { paymentId: number }) => Promise<void>;

type Options = {
  event: TStripeEvent;
  now?: Date;
  rules: BillingRules;
  enqueuePaymentConfirmation: EnqueuePaymentConfirmation;
};

type Context = {
  tx: Tx;
  event: TStripeEvent;
  now: Date;
  rules: BillingRules;
  enqueuePaymentConfirmation: EnqueuePaymentConfirmation;
};

const HANDLED_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
  'charge.dispute.funds_reinstated',
] as const;
type HandledType = (typeof HANDLED_TYPES)[number];

function isHandled(type: string): type is HandledType {
  return (HANDLED_TYPES as readonly string[]).includes(type);
}

/**
 * Applies one verified Stripe event (DESIGN rule 5) in ONE transaction: the event id is
 * recorded first (the dedupe key: a concurrent duplicate waits on the unique index and then
 * finds it), then the payment (unique on the provider's payment id, so two event types for one
 * payment book it once), its ledger entry and the call-list re-evaluation. If anything throws,
 * nothing is written and the caller answers 500 so that Stripe retries.
 *
 * Problems a retry cannot fix (unknown account, wrong currency, a refund for a payment we
 * cannot identify, and any AppError a domain function throws on the event's data) are
 * recorded as NEEDS_REVIEW for staff and acknowledged. An AppError rolls the event's
 * transaction back first, so the review record is all that is written.
 */
export async function processStripeEvent(
  prisma: PrismaClient,
  options: Options,
): Promise<StripeEventResult> {
  const now = options.now ?? new Date();
  try {
    return await applyStripeEvent(prisma, { ...options, now });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return recordForReview(prisma, options.event, now, `${error.code}: ${error.message}`);
  }
}

/** Records an event that cannot be applied as NEEDS_REVIEW (a duplicate finds it). */
async function recordForReview(
  prisma: PrismaClient,
  event: TStripeEvent,
  now: Date,
  detail: string,
): Promise<StripeEventResult> {
  const inserted = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO webhook_event (provider, event_id, type, outcome, detail, received_at)
     VALUES ('STRIPE', $1, $2, 'NEEDS_REVIEW', $3::jsonb, $4)
     ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`,
    event.id,
    event.type,
    JSON.stringify({ message: detail }),
    now,
  );
  return inserted[0] ? { outcome: 'NEEDS_REVIEW', detail } : { outcome: 'DUPLICATE' };
}

async function applyStripeEvent(
  prisma: PrismaClient,
  options: Options & { now: Date },
): Promise<StripeEventResult> {
  const { now } = options;
  return prisma.$transaction(
    async (tx) => {
      const inserted = await tx.$queryRawUnsafe<{ id: number }[]>(
        `INSERT INTO webhook_event (provider, event_id, type, outcome, received_at)
         VALUES ('STRIPE', $1, $2, 'PROCESSED', $3)
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`,
        options.event.id,
        options.event.type,
        now,
      );
      const record = inserted[0];
      if (!record) return { outcome: 'DUPLICATE' as const };

      const context: Context = {
        tx,
        event: options.event,
        now,
        rules: options.rules,
        enqueuePaymentConfirmation: options.enqueuePaymentConfirmation,
      };
      const result: HandlerResult = isHandled(options.event.type)
        ? await handle(options.event.type, context)
        : { outcome: 'IGNORED', detail: 'event type not handled' };

      await tx.webhookEvent.update({
        where: { id: record.id },
        data: {
          outcome: result.outcome,
          detail: result.detail ? { message: result.detail } : undefined,
          paymentId: result.paymentId ?? null,
        },
      });
      return result;
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

/** A signed event whose object lacks what we need cannot be fixed by a retry: review it. */
async function handle(type: HandledType, context: Context): Promise<HandlerResult> {
  try {
    return await dispatch(type, context);
  } catch (error) {
    if (error instanceof ZodError)
      return review(`malformed ${type} payload: ${error.issues[0]?.message ?? ''}`);
    throw error;
  }
}

async function dispatch(type: HandledType, context: Context): Promise<HandlerResult> {
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return onCheckoutPaid(context, ZCheckoutSessionSchema.parse(context.event.data.object));
    case 'checkout.session.async_payment_failed':
      return onCheckoutFailed(context, ZCheckoutSessionSchema.parse(context.event.data.object));
    case 'charge.refunded':
      return onChargeRefunded(context, ZChargeSchema.parse(context.event.data.object));
    case 'charge.dispute.created':
      return onDisputeCreated(context, ZDisputeSchema.parse(context.event.data.object));
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_reinstated':
      return onDisputeResolved(context, ZDisputeSchema.parse(context.event.data.object));
    default: {
      const unreachable: never = type;
      throw new Error(`unhandled event type ${String(unreachable)}`);
    }
  }
}

function review(detail: string): HandlerResult {
  return { outcome: 'NEEDS_REVIEW', detail };
}

async function findAccount(tx: Tx, accountNumber: string | undefined) {
  if (!accountNumber) return null;
  return tx.account.findUnique({ where: { number: accountNumber }, select: { id: true } });
}

type BookInput = {
  accountId: number;
  providerPaymentId: string;
  checkoutSessionId: string | null;
  amountKopecks: number;
};

/** Inserts the payment unless the provider's payment id is already booked. */
/**
 * The provider of a payment booked from a charge alone (a refund that arrived before its
 * sale): the demo provider's ids say so (`pi_demo_…`), so that its own completion later finds
 * the booking instead of booking the sale a second time.
 */
function providerOfPaymentId(providerPaymentId: string): PaymentProvider {
  return providerPaymentId.startsWith('pi_demo_') ? 'DEMO' : 'STRIPE';
}

async function insertPayment(
  context: Context,
  input: BookInput,
): Promise<{ id: number; created: boolean }> {
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
  if (created) return { id: created.id, created: true };
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
    select: { id: true },
  });
  return { id: existing.id, created: false };
}

async function bookPayment(context: Context, input: BookInput): Promise<HandlerResult> {
  if (!Number.isSafeInteger(input.amountKopecks) || input.amountKopecks <= 0) {
    throw new AppError('INVALID_INPUT', `payment amount ${input.amountKopecks} is not positive`);
  }
  // Checkouts are opened for at most MAX_PAYMENT_KOPECKS: anything larger is not ours to book
  // (and must never overflow a balance or block the account's later payments): staff review.
  if (input.amountKopecks > MAX_PAYMENT_KOPECKS) {
    throw new AppError(
      'INVALID_INPUT',
      `payment amount ${input.amountKopecks} is above the maximum`,
    );
  }
  const payment = await insertPayment(context, input);
  if (!payment.created) {
    return { outcome: 'PROCESSED', detail: 'payment already booked', paymentId: payment.id };
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
  return { outcome: 'PROCESSED', paymentId: payment.id, callList: posted.callList };
}

async function onCheckoutPaid(context: Context, session: TCheckoutSession): Promise<HandlerResult> {
  if (session.payment_status !== 'paid') {
    return {
      outcome: 'IGNORED',
      detail: `payment_status ${session.payment_status}: awaiting async payment`,
    };
  }
  if (session.currency?.toLowerCase() !== 'uah')
    return review(`currency ${session.currency ?? 'none'}, expected uah`);
  if (session.amount_total === null || session.amount_total <= 0) return review('no amount_total');
  const account = await findAccount(context.tx, session.metadata?.accountNumber);
  if (!account)
    return review(
      `unknown account ${session.metadata?.accountNumber ?? '(no metadata.accountNumber)'}`,
    );
  return bookPayment(context, {
    accountId: account.id,
    providerPaymentId: session.payment_intent ?? session.id,
    checkoutSessionId: session.id,
    amountKopecks: session.amount_total,
  });
}

async function onCheckoutFailed(
  context: Context,
  session: TCheckoutSession,
): Promise<HandlerResult> {
  await context.tx.checkoutSession.updateMany({
    where: { id: session.id },
    data: { status: 'FAILED' },
  });
  return { outcome: 'PROCESSED', detail: 'async payment failed' };
}

/** The payment a charge belongs to; books it first when the refund arrived before the sale. */
async function paymentForCharge(
  context: Context,
  charge: { payment_intent: string | null; id: string },
  source?: TCharge,
) {
  const providerPaymentId = charge.payment_intent ?? charge.id;
  const existing = await context.tx.payment.findFirst({
    where: { providerPaymentId, provider: { in: ['STRIPE', 'DEMO'] } },
  });
  if (existing || !source) return existing;
  // Out of order: the refund came first. Book the sale from the charge, then refund it.
  if (source.currency.toLowerCase() !== 'uah') return null;
  const account = await findAccount(context.tx, source.metadata?.accountNumber);
  if (!account) return null;
  await bookPayment(context, {
    accountId: account.id,
    providerPaymentId,
    checkoutSessionId: null,
    amountKopecks: source.amount,
  });
  return context.tx.payment.findFirst({
    where: { providerPaymentId, provider: { in: ['STRIPE', 'DEMO'] } },
  });
}

/**
 * `amount_refunded` is cumulative per charge, so the refund reverses the difference from what
 * this charge's refunds already reversed (payment-reversals.ts): duplicates and out-of-order
 * refund events converge on the right total, and a card dispute of the same payment is
 * counted apart.
 */
async function onChargeRefunded(context: Context, charge: TCharge): Promise<HandlerResult> {
  const payment = await paymentForCharge(context, charge, charge);
  if (!payment) return review(`refund for unknown payment ${charge.payment_intent ?? charge.id}`);
  const result = await reverseFromSource({
    ...context,
    payment,
    source: 'REFUND',
    sourceId: charge.id,
    cumulativeKopecks: Math.min(charge.amount_refunded, payment.amountKopecks),
    memo: `Stripe refund ${charge.id}`,
  });
  if (result.delta === 0)
    return { outcome: 'PROCESSED', detail: 'refund already booked', paymentId: payment.id };
  return { outcome: 'PROCESSED', paymentId: payment.id, callList: result.callList };
}

/** The payment a dispute belongs to (never booked from a dispute alone). */
function paymentForDispute(context: Context, dispute: TDispute) {
  return paymentForCharge(context, {
    payment_intent: dispute.payment_intent,
    id: dispute.charge ?? dispute.id,
  });
}

/**
 * Stripe takes a disputed amount back when the dispute opens, so the credit is reversed then,
 * once per dispute id (one dispute delivered under two event ids reverses once).
 */
async function onDisputeCreated(context: Context, dispute: TDispute): Promise<HandlerResult> {
  const payment = await paymentForDispute(context, dispute);
  if (!payment)
    return review(
      `card dispute for unknown payment ${dispute.payment_intent ?? dispute.charge ?? dispute.id}`,
    );
  const result = await reverseFromSource({
    ...context,
    payment,
    source: 'DISPUTE',
    sourceId: dispute.id,
    cumulativeKopecks: dispute.amount,
    memo: `Card dispute ${dispute.id}`,
  });
  if (result.delta === 0)
    return { outcome: 'PROCESSED', detail: 'nothing left to reverse', paymentId: payment.id };
  return { outcome: 'PROCESSED', paymentId: payment.id, callList: result.callList };
}

/**
 * A dispute closed: won (or the funds reinstated, or an inquiry closed without a chargeback)
 * puts what it took back as credit again; lost leaves the reversal standing.
 */
async function onDisputeResolved(context: Context, dispute: TDispute): Promise<HandlerResult> {
  const payment = await paymentForDispute(context, dispute);
  if (!payment) return review(`closed card dispute for unknown payment ${dispute.id}`);
  const reinstate =
    context.event.type === 'charge.dispute.funds_reinstated' ||
    dispute.status === 'won' ||
    dispute.status === 'warning_closed';
  if (!reinstate && dispute.status !== 'lost')
    return { outcome: 'IGNORED', detail: `dispute status ${dispute.status ?? 'unknown'}` };
  const result = await reinstateDispute({
    ...context,
    payment,
    disputeId: dispute.id,
    outcome: reinstate ? 'WON' : 'LOST',
  });
  return { outcome: 'PROCESSED', paymentId: payment.id, callList: result.callList };
}
