/**
 * Signed Stripe events delivered to POST /api/webhooks/stripe, and the debtors they pay: the
 * webhook integration tests share these (route.int.test.ts, several-accounts.int.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { POST } from '@/app/api/webhooks/stripe/route';
import { addMonths, kyivMonthOf } from '@/lib/dates';
import { refreshCallListEntry } from '@/lib/domain/call-list/refresh-call-list-entry';
import { getPrisma } from '@/lib/server/db';
import { signLikeStripe } from '@/lib/server/stripe';
import { DEFAULT_RULES } from './billing-rules';
import { createAccountWithDebt } from './factories';

export const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

const thisMonth = kyivMonthOf(new Date());
/** Six bills of 500.00 UAH, the oldest five full months overdue or more. */
export const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(thisMonth, n));

export function checkoutEvent(options: {
  type?: string;
  accountNumber: string;
  amount: number;
  paymentIntent: string;
  eventId?: string;
  sessionId?: string;
  currency?: string;
  paymentStatus?: string;
  /** The several-account split (checkout-shares.ts), as the checkout's metadata carries it. */
  shares?: string;
}) {
  return {
    id: options.eventId ?? id('evt'),
    object: 'event',
    type: options.type ?? 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: options.sessionId ?? id('cs_test'),
        object: 'checkout.session',
        payment_status: options.paymentStatus ?? 'paid',
        amount_total: options.amount,
        currency: options.currency ?? 'uah',
        payment_intent: options.paymentIntent,
        metadata: {
          accountNumber: options.accountNumber,
          ...(options.shares ? { shares: options.shares } : {}),
        },
      },
    },
  };
}

export function chargeEvent(type: string, charge: Record<string, unknown>) {
  return {
    id: id('evt'),
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object: charge },
  };
}

export async function deliver(event: unknown, options: { signature?: string; body?: string } = {}) {
  const body = options.body ?? JSON.stringify(event);
  const request = new Request('http://test/api/webhooks/stripe', {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': options.signature ?? signLikeStripe(body),
    },
  });
  const response = await POST(request);
  return {
    status: response.status,
    body: (await response.json()) as { outcome?: string; error?: string },
  };
}

export async function onList(accountId: number) {
  return (await getPrisma().callListEntry.count({ where: { accountId, removedAt: null } })) === 1;
}

/** A debtor with six 500.00 bills (or `months` of `monthlyKopecks`), on the call list. */
export async function debtorOnTheList(months = sixMonths, monthlyKopecks = 50_000) {
  const prisma = getPrisma();
  const debtor = await createAccountWithDebt(prisma, { months, monthlyKopecks });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { rules: DEFAULT_RULES, accountId: debtor.accountId }),
  );
  expect(await onList(debtor.accountId)).toBe(true);
  return debtor;
}
