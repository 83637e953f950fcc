import 'server-only';
import { randomBytes } from 'node:crypto';
import type { CheckoutProvider } from '../../domain/payments/start-checkout';
import { getEnv } from '../env';
import { getStripe } from '../stripe';

/** Real Stripe Checkout in UAH: one line per account, the split in the metadata. */
const stripeCheckout: CheckoutProvider = {
  name: 'STRIPE',
  async createSession(input) {
    const { metadata } = input;
    const session = await getStripe().checkout.sessions.create({
      mode: 'payment',
      line_items: input.shares.map((share) => ({
        quantity: 1,
        price_data: {
          currency: 'uah',
          unit_amount: share.amountKopecks,
          product_data: { name: `Kvartplata ${share.accountNumber}` },
        },
      })),
      metadata,
      payment_intent_data: { metadata },
      client_reference_id: metadata.accountNumber,
      locale: input.locale === 'en' ? 'en' : input.locale === 'ru' ? 'ru' : 'auto',
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    });
    if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
    return { id: session.id, url: session.url };
  },
};

/**
 * The zero-setup provider: a local checkout page (/pay/demo/<id>) whose "Pay" button sends a
 * Stripe-signed webhook to our own endpoint, so the real verification and booking path runs.
 */
const demoCheckout: CheckoutProvider = {
  name: 'DEMO',
  async createSession(input) {
    const id = `cs_demo_${randomBytes(18).toString('base64url').replace(/-/g, '_')}`;
    const base = getEnv().APP_URL.replace(/\/$/, '');
    return { id, url: `${base}/pay/demo/${id}?locale=${input.locale}` };
  },
};

export function getCheckoutProvider(): CheckoutProvider {
  return getEnv().STRIPE_SECRET_KEY ? stripeCheckout : demoCheckout;
}

export function isDemoPayments(): boolean {
  return !getEnv().STRIPE_SECRET_KEY;
}
