import 'server-only';
import { ZodError } from 'zod';
import type { PrismaClient, Tx } from '../../server/db';
import type { WebhookOutcome } from '../../server/generated/prisma/enums';
import { isAppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import {
  bookProviderPayment,
  type EnqueuePaymentConfirmation,
  type ProviderPaymentInput,
} from './book-provider-payment';
import { reinstateDispute, reverseFromSource } from './payment-reversals';
import {
  type TCharge,
  type TCheckoutSession,
  type TDispute,
  type TStripeEvent,
  ZChargeSchema,
  ZCheckoutSessionSchema,
  ZDisputeSchema,
} from './stripe-payloads';
import { reviewDetailOf } from './unmatched-payment-reference';

/** What one handler did; recorded on the webhook_event row. */
type HandlerResult = {
  outcome: WebhookOutcome;
  detail?: string;
  paymentId?: number;
  callList?: string;
};

export type StripeEventResult = HandlerResult | { outcome: 'DUPLICATE' };

export type { EnqueuePaymentConfirmation };

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
    JSON.stringify(reviewDetailOf(event, detail)),
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
          // A review keeps the references staff need to attach or refund the payment.
          detail:
            result.outcome === 'NEEDS_REVIEW'
              ? reviewDetailOf(options.event, result.detail ?? 'needs review')
              : result.detail
                ? { message: result.detail }
                : undefined,
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

/** Books the payment once (book-provider-payment.ts, shared with staff attaching a payment). */
async function bookPayment(context: Context, input: ProviderPaymentInput): Promise<HandlerResult> {
  const booked = await bookProviderPayment(context, input);
  if (!booked.created) {
    return { outcome: 'PROCESSED', detail: 'payment already booked', paymentId: booked.paymentId };
  }
  return { outcome: 'PROCESSED', paymentId: booked.paymentId, callList: booked.callList };
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
/**
 * True when staff decided to refund this payment (an unmatched payment, docs/payments.md) and
 * it was never booked: the refund made in the dashboard then has nothing to reverse.
 */
async function refundDecidedByStaff(tx: Tx, providerPaymentId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ found: number }[]>`
    SELECT 1 AS found FROM webhook_event w
     WHERE w.outcome = 'NEEDS_REVIEW' AND w.review = 'REFUND'
       AND w.detail -> 'payment' ->> 'providerPaymentId' = ${providerPaymentId}
       AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.provider_payment_id = ${providerPaymentId}
                                                AND p.provider IN ('STRIPE', 'DEMO'))
     LIMIT 1`;
  return rows.length > 0;
}

async function onChargeRefunded(context: Context, charge: TCharge): Promise<HandlerResult> {
  if (await refundDecidedByStaff(context.tx, charge.payment_intent ?? charge.id)) {
    return { outcome: 'IGNORED', detail: 'refund of an unmatched payment staff marked for refund' };
  }
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
