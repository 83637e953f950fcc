import 'server-only';
import { randomBytes } from 'node:crypto';
import { getPrisma } from '../db';
import { getEnv } from '../env';
import { signLikeStripe } from '../stripe';

/**
 * The demo provider's "Pay": builds the checkout.session.completed event Stripe would send
 * for this session, signs it with the webhook secret exactly as Stripe does, and delivers it
 * to our webhook endpoint over HTTP, retrying like Stripe on a non-2xx answer. Returns whether
 * the webhook acknowledged it.
 */
export async function completeDemoCheckout(
  sessionId: string,
  /** The metadata a checkout for these shares carries (the domain's checkoutMetadata). */
  metadataFor: (
    shares: { accountNumber: string; amountKopecks: number }[],
  ) => Record<string, string>,
): Promise<'DELIVERED' | 'UNKNOWN' | 'FAILED'> {
  const session = await getPrisma().checkoutSession.findUnique({
    where: { id: sessionId },
    select: {
      provider: true,
      status: true,
      amountKopecks: true,
      shares: {
        select: { amountKopecks: true, account: { select: { number: true } } },
        orderBy: { shareIndex: 'asc' },
      },
    },
  });
  if (session?.provider !== 'DEMO' || session.status !== 'OPEN') return 'UNKNOWN';
  const event = {
    id: `evt_demo_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: session.amountKopecks,
        currency: 'uah',
        payment_intent: `pi_demo_${randomBytes(12).toString('hex')}`,
        metadata: metadataFor(
          session.shares.map((share) => ({
            accountNumber: share.account.number,
            amountKopecks: share.amountKopecks,
          })),
        ),
      },
    },
  };
  const body = JSON.stringify(event);
  const url = `${getEnv().APP_URL.replace(/\/$/, '')}/api/webhooks/stripe`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'stripe-signature': signLikeStripe(body) },
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return 'DELIVERED';
    } catch {
      // network error: retry
    }
    await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
  }
  return 'FAILED';
}

export async function cancelDemoCheckout(sessionId: string): Promise<void> {
  await getPrisma().checkoutSession.updateMany({
    where: { id: sessionId, provider: 'DEMO', status: 'OPEN' },
    data: { status: 'EXPIRED' },
  });
}
