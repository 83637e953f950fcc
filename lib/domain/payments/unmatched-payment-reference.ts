import { z } from 'zod';
import type { TStripeEvent } from './stripe-payloads';

/**
 * What staff need to decide about an event recorded as NEEDS_REVIEW (docs/payments.md,
 * "Unmatched payments"), kept in `webhook_event.detail.payment` next to the reason
 * (`detail.message`): the money and the references, never the raw object (a checkout session
 * also carries the payer's name, e-mail and address, which we do not keep).
 *
 * Read field by field, without the zod schemas of stripe-payloads.ts, so that a malformed
 * object still yields whatever it does carry. Every field is null when absent or of the wrong
 * type; nothing here is trusted for booking without the checks of attachUnmatchedPayment.
 */
export type UnmatchedPaymentReference = {
  /** Stripe's object kind: `checkout.session`, `charge`, `dispute`, … */
  object: string | null;
  /** The object's own id (`cs_…`, `ch_…`, `dp_…`). */
  objectId: string | null;
  /** The payment we would book under: `payment_intent`, else a checkout session's own id. */
  providerPaymentId: string | null;
  checkoutSessionId: string | null;
  /** `amount_total` of a checkout session, `amount` of a charge or dispute, in minor units. */
  amountMinor: number | null;
  /** Lower case, as the provider sent it (`uah`). */
  currency: string | null;
  /** `metadata.accountNumber` as the payer's checkout carried it (maybe unknown or mistyped). */
  accountReference: string | null;
  /** A checkout session's `payment_status` (`paid`, `unpaid`, …). */
  paymentStatus: string | null;
};

/** The detail of a NEEDS_REVIEW event: why, and the reference when the event had an object. */
export type ReviewDetail = { message: string; payment?: UnmatchedPaymentReference };

const MAX_TEXT = 200;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : null;
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A Stripe reference that may be expanded: `"pi_…"` or `{ id: "pi_…", … }`. */
function idOf(value: unknown): string | null {
  return text(value) ?? text(record(value)?.id);
}

/** The reference fields of an event's object, or null when it has no object at all. */
export function paymentReferenceOf(event: TStripeEvent): UnmatchedPaymentReference | null {
  const object = record(event.data.object);
  if (!object) return null;
  const kind = text(object.object);
  const objectId = text(object.id);
  const isSession = kind === 'checkout.session' || event.type.startsWith('checkout.session.');
  const paymentIntent = idOf(object.payment_intent);
  return {
    object: kind,
    objectId,
    providerPaymentId: paymentIntent ?? (isSession ? objectId : (idOf(object.charge) ?? objectId)),
    checkoutSessionId: isSession ? objectId : null,
    amountMinor: integer(isSession ? object.amount_total : object.amount),
    currency: text(object.currency)?.toLowerCase() ?? null,
    accountReference: text(record(object.metadata)?.accountNumber),
    paymentStatus: text(object.payment_status),
  };
}

/** The detail to record for an event that needs review. */
export function reviewDetailOf(event: TStripeEvent, message: string): ReviewDetail {
  const payment = paymentReferenceOf(event);
  return payment ? { message, payment } : { message };
}

const nullableText = z.string().nullable().catch(null);
const ZReference = z.object({
  object: nullableText,
  objectId: nullableText,
  providerPaymentId: nullableText,
  checkoutSessionId: nullableText,
  amountMinor: z.number().int().nullable().catch(null),
  currency: nullableText,
  accountReference: nullableText,
  paymentStatus: nullableText,
});

/**
 * Reads a stored detail back. Events recorded before the reference was kept (only
 * `{ message }`) give `payment: null`: their amount cannot be recovered from our database
 * (the provider's dashboard still shows it).
 */
export function readReviewDetail(detail: unknown): {
  message: string | null;
  payment: UnmatchedPaymentReference | null;
} {
  const value = record(detail);
  const payment = ZReference.safeParse(value?.payment);
  return {
    message: typeof value?.message === 'string' ? value.message : null,
    payment: payment.success ? payment.data : null,
  };
}
