import 'server-only';
import { ZodError } from 'zod';
import type { PrismaClient, Tx } from '../../server/db';
import type { WebhookOutcome } from '../../server/generated/prisma/enums';
import { isAppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import {
  bookProviderPayment,
  type EnqueuePaymentConfirmation,
  type PaymentShareInput,
  type ProviderPaymentInput,
} from './book-provider-payment';
import { parseCheckoutShares } from './checkout-shares';
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

/** Several accounts' call-list changes in one word for the event record (one account: its own). */
function callListSummary(changes: readonly (CallListChange | undefined)[]): string | undefined {
  const known = changes.filter((change): change is CallListChange => change !== undefined);
  if (known.length <= 1) return known[0];
  return known.join(',');
}

/**
 * The accounts a paid checkout or charge pays, from its metadata (checkout-shares.ts): one
 * share, or one per linked account paid together. Unknown accounts or a split that does not
 * add up to the charge are for staff to review: nothing is booked on a guess.
 */
async function sharesOf(
  tx: Tx,
  metadata: Record<string, string> | null | undefined,
  amountTotal: number,
): Promise<{ ok: true; shares: PaymentShareInput[] } | { ok: false; problem: string }> {
  const parsed = parseCheckoutShares(metadata, amountTotal);
  if (!parsed.ok) return parsed;
  const shares: PaymentShareInput[] = [];
  for (const share of parsed.shares) {
    const account = await findAccount(tx, share.accountNumber);
    if (!account) return { ok: false, problem: `unknown account ${share.accountNumber}` };
    shares.push({ accountId: account.id, amountKopecks: share.amountKopecks });
  }
  return { ok: true, shares };
}

/** Books the payment once (book-provider-payment.ts, shared with staff attaching a payment). */
async function bookPayment(context: Context, input: ProviderPaymentInput): Promise<HandlerResult> {
  const booked = await bookProviderPayment(context, input);
  const paymentId = booked.shares[0]?.paymentId;
  if (!booked.created) {
    return { outcome: 'PROCESSED', detail: 'payment already booked', paymentId };
  }
  return {
    outcome: 'PROCESSED',
    paymentId,
    detail:
      booked.shares.length > 1
        ? `booked ${booked.shares.length} accounts' shares: payments ${booked.shares.map((share) => share.paymentId).join(', ')}`
        : undefined,
    callList: callListSummary(booked.shares.map((share) => share.callList)),
  };
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
  const shares = await sharesOf(context.tx, session.metadata, session.amount_total);
  if (!shares.ok) return review(shares.problem);
  return bookPayment(context, {
    providerPaymentId: session.payment_intent ?? session.id,
    checkoutSessionId: session.id,
    shares: shares.shares,
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

type PaymentShareRow = { id: number; accountId: number; amountKopecks: number };

/** A provider payment's shares (payment rows, in share order); none when it is not booked. */
function sharesOfPayment(context: Context, providerPaymentId: string): Promise<PaymentShareRow[]> {
  return context.tx.payment.findMany({
    where: { providerPaymentId, provider: { in: ['STRIPE', 'DEMO'] } },
    select: { id: true, accountId: true, amountKopecks: true },
    orderBy: { shareIndex: 'asc' },
  });
}

/**
 * The payment a charge belongs to, as its shares; books it first when the refund arrived
 * before the sale (from the charge's own metadata, which carries the same split).
 */
async function paymentForCharge(
  context: Context,
  charge: { payment_intent: string | null; id: string },
  source?: TCharge,
): Promise<PaymentShareRow[]> {
  const providerPaymentId = charge.payment_intent ?? charge.id;
  const existing = await sharesOfPayment(context, providerPaymentId);
  if (existing.length > 0 || !source) return existing;
  // Out of order: the refund came first. Book the sale from the charge, then refund it.
  if (source.currency.toLowerCase() !== 'uah') return [];
  const shares = await sharesOf(context.tx, source.metadata, source.amount);
  if (!shares.ok) return [];
  await bookPayment(context, { providerPaymentId, checkoutSessionId: null, shares: shares.shares });
  return sharesOfPayment(context, providerPaymentId);
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
  const shares = await paymentForCharge(context, charge, charge);
  const paymentId = shares[0]?.id;
  if (!paymentId) return review(`refund for unknown payment ${charge.payment_intent ?? charge.id}`);
  const result = await reverseFromSource({
    ...context,
    shares,
    source: 'REFUND',
    sourceId: charge.id,
    cumulativeKopecks: charge.amount_refunded,
    memo: `Stripe refund ${charge.id}`,
  });
  if (result.delta === 0)
    return { outcome: 'PROCESSED', detail: 'refund already booked', paymentId };
  return { outcome: 'PROCESSED', paymentId, callList: callListSummary(result.callList) };
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
  const shares = await paymentForDispute(context, dispute);
  const paymentId = shares[0]?.id;
  if (!paymentId)
    return review(
      `card dispute for unknown payment ${dispute.payment_intent ?? dispute.charge ?? dispute.id}`,
    );
  const result = await reverseFromSource({
    ...context,
    shares,
    source: 'DISPUTE',
    sourceId: dispute.id,
    cumulativeKopecks: dispute.amount,
    memo: `Card dispute ${dispute.id}`,
  });
  if (result.delta === 0)
    return { outcome: 'PROCESSED', detail: 'nothing left to reverse', paymentId };
  return { outcome: 'PROCESSED', paymentId, callList: callListSummary(result.callList) };
}

/**
 * A dispute closed: won (or the funds reinstated, or an inquiry closed without a chargeback)
 * puts what it took back as credit again; lost leaves the reversal standing.
 */
async function onDisputeResolved(context: Context, dispute: TDispute): Promise<HandlerResult> {
  const shares = await paymentForDispute(context, dispute);
  const paymentId = shares[0]?.id;
  if (!paymentId) return review(`closed card dispute for unknown payment ${dispute.id}`);
  const reinstate =
    context.event.type === 'charge.dispute.funds_reinstated' ||
    dispute.status === 'won' ||
    dispute.status === 'warning_closed';
  if (!reinstate && dispute.status !== 'lost')
    return { outcome: 'IGNORED', detail: `dispute status ${dispute.status ?? 'unknown'}` };
  const result = await reinstateDispute({
    ...context,
    shares,
    disputeId: dispute.id,
    outcome: reinstate ? 'WON' : 'LOST',
  });
  return { outcome: 'PROCESSED', paymentId, callList: callListSummary(result.callList) };
}
