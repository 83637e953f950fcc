import { processStripeEvent } from '@/lib/domain/payments/process-stripe-event';
import { ZStripeEventSchema } from '@/lib/domain/payments/stripe-payloads';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules } from '@/lib/server/env';
import { jsonResponse } from '@/lib/server/http';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { BodyTooLargeError, readBodyWithLimit } from '@/lib/server/read-body';
import { verifyStripeWebhook } from '@/lib/server/stripe';

export const dynamic = 'force-dynamic';

/** Stripe's events are a few kilobytes; anything far larger is not from Stripe. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Stripe webhook: raw body → signature and timestamp verified before anything is read →
 * one domain call in one transaction → 2xx only once committed, 5xx so Stripe retries.
 */
export async function POST(request: Request) {
  let rawBody: string;
  try {
    rawBody = await readBodyWithLimit(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return jsonResponse({ error: 'BODY_TOO_LARGE' }, 413);
    throw error;
  }
  const signature = request.headers.get('stripe-signature');
  if (!signature) return jsonResponse({ error: 'MISSING_SIGNATURE' }, 400);

  let verified: unknown;
  try {
    verified = await verifyStripeWebhook(rawBody, signature);
  } catch (error) {
    const malformed = error instanceof SyntaxError;
    return jsonResponse({ error: malformed ? 'MALFORMED_JSON' : 'INVALID_SIGNATURE' }, 400);
  }
  const event = ZStripeEventSchema.safeParse(verified);
  if (!event.success) return jsonResponse({ error: 'MALFORMED_EVENT' }, 400);

  try {
    const result = await processStripeEvent(getPrisma(), {
      event: event.data,
      rules: getBillingRules(),
      enqueuePaymentConfirmation: (tx, job) =>
        enqueueInTransaction(tx, JOBS.paymentConfirmation, job),
    });
    return jsonResponse({ received: true, outcome: result.outcome }, 200);
  } catch (error) {
    console.error(`stripe webhook ${event.data.id} (${event.data.type}) failed:`, error);
    return jsonResponse({ error: 'PROCESSING_FAILED' }, 500);
  }
}
