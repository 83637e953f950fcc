import 'server-only';
import Stripe from 'stripe';
import { getEnv } from './env';

/** Seconds a signed event stays acceptable: Stripe's own default tolerance. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

let client: Stripe | undefined;

/**
 * The Stripe SDK client. Without STRIPE_SECRET_KEY it still serves the offline helpers
 * (signature verification, test signatures); only Checkout calls need the real key.
 */
export function getStripe(): Stripe {
  client ??= new Stripe(getEnv().STRIPE_SECRET_KEY ?? 'sk_test_offline_placeholder', {
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
  return client;
}

/** Verifies signature and timestamp over the raw body, then parses it (Stripe's scheme). */
export async function verifyStripeWebhook(
  rawBody: string,
  signature: string,
): Promise<Stripe.Event> {
  return getStripe().webhooks.constructEventAsync(
    rawBody,
    signature,
    getEnv().STRIPE_WEBHOOK_SECRET,
    WEBHOOK_TOLERANCE_SECONDS,
  );
}

/** A Stripe-Signature header for `payload`, exactly as Stripe computes it. */
export function signLikeStripe(payload: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return getStripe().webhooks.generateTestHeaderString({
    payload,
    secret: getEnv().STRIPE_WEBHOOK_SECRET,
    timestamp,
  });
}
