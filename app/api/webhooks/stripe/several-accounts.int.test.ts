/**
 * One checkout paying several linked accounts (issue 15, item 3), through POST
 * /api/webhooks/stripe on the real PostgreSQL server: each account's share booked in the one
 * transaction of the event (each leaves the call list as it should, both in the dialer's feed),
 * duplicates and concurrent deliveries booking once, a split that does not add up or names an
 * unknown account booking nothing, and refunds and card disputes spread over the shares from
 * the last one first, exactly once whatever the order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GET as getChanges } from '@/app/api/v1/call-list/changes/route';
import { bookProviderPayment } from '@/lib/domain/payments/book-provider-payment';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { getPrisma } from '@/lib/server/db';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createDialerKey } from '@/test/factories';
import {
  chargeEvent,
  checkoutEvent,
  debtorOnTheList,
  deliver,
  id,
  onList,
  sixMonths,
} from '@/test/stripe-webhook';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

const balance = async (accountId: number) =>
  (await prisma.account.findUniqueOrThrow({ where: { id: accountId } })).balanceKopecks;

const sharesOf = (paymentIntent: string) =>
  prisma.payment.findMany({
    where: { providerPaymentId: paymentIntent },
    orderBy: { shareIndex: 'asc' },
  });

/** Two debtors on the call list: A owes 3,000.00 (six bills), B 2,000.00 (four). */
async function twoDebtors() {
  const a = await debtorOnTheList();
  const b = await debtorOnTheList(sixMonths.slice(0, 4));
  return { a, b };
}

/** A paid checkout for A (300,000) and B (200,000) in that order. */
function paidForBoth(
  a: { accountNumber: string },
  b: { accountNumber: string },
  options: { paymentIntent?: string; sessionId?: string; eventId?: string; type?: string } = {},
) {
  return checkoutEvent({
    accountNumber: a.accountNumber,
    amount: 500_000,
    paymentIntent: options.paymentIntent ?? id('pi'),
    sessionId: options.sessionId,
    eventId: options.eventId,
    type: options.type,
    shares: `${a.accountNumber}:300000;${b.accountNumber}:200000`,
  });
}

describe('one checkout for two linked accounts', () => {
  it('books each share in one event: both paid up, both off the list and in the dialer feed, two receipts', async () => {
    const { a, b } = await twoDebtors();
    const key = await createDialerKey(prisma);
    const auth = { authorization: `Bearer ${key}` };
    const { cursor } = (await (
      await getChanges(new Request('http://test/api/v1/call-list/changes', { headers: auth }))
    ).json()) as { cursor: string };
    const sessionId = id('cs_test');
    await prisma.checkoutSession.create({
      data: {
        id: sessionId,
        provider: 'STRIPE',
        accountId: a.accountId,
        amountKopecks: 500_000,
        locale: 'uk',
        url: 'https://pay.example/x',
        shares: {
          create: [
            { shareIndex: 0, accountId: a.accountId, amountKopecks: 300_000 },
            { shareIndex: 1, accountId: b.accountId, amountKopecks: 200_000 },
          ],
        },
      },
    });
    const paymentIntent = id('pi');

    const { status, body } = await deliver(paidForBoth(a, b, { paymentIntent, sessionId }));
    expect(status).toBe(200);
    expect(body.outcome).toBe('PROCESSED');

    const shares = await sharesOf(paymentIntent);
    expect(shares.map((p) => [p.shareIndex, p.accountId, p.amountKopecks, p.status])).toEqual([
      [0, a.accountId, 300_000, 'SUCCEEDED'],
      [1, b.accountId, 200_000, 'SUCCEEDED'],
    ]);
    expect(new Set(shares.map((p) => p.receiptNumber)).size).toBe(2);
    expect(shares.every((p) => p.checkoutSessionId === sessionId)).toBe(true);
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(0);
    expect(await onList(a.accountId)).toBe(false);
    expect(await onList(b.accountId)).toBe(false);
    // One event, written in the same transaction as both bookings.
    const events = await prisma.webhookEvent.findMany({ where: { paymentId: shares[0]?.id } });
    expect(events).toHaveLength(1);

    const feed = (await (
      await getChanges(
        new Request(`http://test/api/v1/call-list/changes?after=${cursor}`, { headers: auth }),
      )
    ).json()) as { changes: { accountNumber: string; action: string; reason: string }[] };
    for (const debtor of [a, b]) {
      expect(feed.changes).toContainEqual(
        expect.objectContaining({
          accountNumber: debtor.accountNumber,
          action: 'REMOVED',
          reason: 'PAID',
        }),
      );
    }

    const result = await getPaymentResult(prisma, { sessionId });
    if (result.state !== 'PAID') throw new Error(`expected PAID, got ${result.state}`);
    expect(result.receipts.map((r) => [r.accountNumber, r.amountKopecks, r.receiptNumber])).toEqual(
      [
        [a.accountNumber, 300_000, shares[0]?.receiptNumber],
        [b.accountNumber, 200_000, shares[1]?.receiptNumber],
      ],
    );
    // B's share settled its four months, oldest first.
    expect(result.receipts[1]?.settled.map((line) => line.amount)).toEqual([
      50_000, 50_000, 50_000, 50_000,
    ]);
  });

  it('the same payment delivered again, under another event type, or 10 times at once books each share once', async () => {
    const { a, b } = await twoDebtors();
    const paymentIntent = id('pi');
    const sessionId = id('cs_test');
    const event = paidForBoth(a, b, { paymentIntent, sessionId });
    expect((await deliver(event)).body.outcome).toBe('PROCESSED');
    expect((await deliver(event)).body.outcome).toBe('DUPLICATE');
    const again = await deliver(
      paidForBoth(a, b, {
        paymentIntent,
        sessionId,
        type: 'checkout.session.async_payment_succeeded',
      }),
    );
    expect(again.body.outcome).toBe('PROCESSED');
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => deliver(paidForBoth(a, b, { paymentIntent, sessionId }))),
    );
    expect(concurrent.every((delivery) => delivery.status === 200)).toBe(true);
    expect(await sharesOf(paymentIntent)).toHaveLength(2);
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(0);
    const entries = await prisma.ledgerEntry.count({
      where: { payment: { providerPaymentId: paymentIntent } },
    });
    expect(entries).toBe(2);
  });

  it.each([
    [
      'shares that do not add up to the charge',
      (a: string, b: string) => `${a}:300000;${b}:100000`,
    ],
    ['an unknown account among the shares', (a: string) => `${a}:300000;9999999999:200000`],
    ['an account twice', (a: string) => `${a}:300000;${a}:200000`],
  ])(
    '%s: recorded for staff (200 NEEDS_REVIEW), nothing booked on any account',
    async (_what, split) => {
      const { a, b } = await twoDebtors();
      const paymentIntent = id('pi');
      const event = checkoutEvent({
        accountNumber: a.accountNumber,
        amount: 500_000,
        paymentIntent,
        shares: split(a.accountNumber, b.accountNumber),
      });
      const { status, body } = await deliver(event);
      expect(status).toBe(200);
      expect(body.outcome).toBe('NEEDS_REVIEW');
      expect(await sharesOf(paymentIntent)).toHaveLength(0);
      expect(await balance(a.accountId)).toBe(300_000);
      expect(await onList(a.accountId)).toBe(true);
      expect(await onList(b.accountId)).toBe(true);
    },
  );

  it('a booking of the same payment for one account finds the two shares and books nothing (staff attach refuses it)', async () => {
    const { a, b } = await twoDebtors();
    const paymentIntent = id('pi');
    await deliver(paidForBoth(a, b, { paymentIntent }));
    const booked = await prisma.$transaction((tx) =>
      bookProviderPayment(
        { tx, now: new Date(), rules: DEFAULT_RULES, enqueuePaymentConfirmation: async () => {} },
        {
          providerPaymentId: paymentIntent,
          checkoutSessionId: null,
          shares: [{ accountId: a.accountId, amountKopecks: 500_000 }],
        },
      ),
    );
    expect(booked.created).toBe(false);
    expect(booked.shares.map((share) => share.accountId)).toEqual([a.accountId, b.accountId]);
    expect(await balance(a.accountId)).toBe(0);
  });
});

describe('refunds and card disputes of a several-account payment', () => {
  async function paid() {
    const { a, b } = await twoDebtors();
    const paymentIntent = id('pi');
    await deliver(paidForBoth(a, b, { paymentIntent }));
    return { a, b, paymentIntent };
  }
  const refund = (charge: string, paymentIntent: string, cumulative: number) =>
    chargeEvent('charge.refunded', {
      id: charge,
      amount: 500_000,
      amount_refunded: cumulative,
      currency: 'uah',
      payment_intent: paymentIntent,
    });
  const statuses = async (paymentIntent: string) =>
    (await sharesOf(paymentIntent)).map((p) => [p.status, p.refundedKopecks]);

  it('a partial refund comes from the last share first; a larger one then reaches the first share', async () => {
    const { a, b, paymentIntent } = await paid();
    const charge = id('ch');
    expect((await deliver(refund(charge, paymentIntent, 150_000))).body.outcome).toBe('PROCESSED');
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(150_000);
    expect(await statuses(paymentIntent)).toEqual([
      ['SUCCEEDED', 0],
      ['PARTIALLY_REFUNDED', 150_000],
    ]);

    expect((await deliver(refund(charge, paymentIntent, 250_000))).body.outcome).toBe('PROCESSED');
    expect(await balance(a.accountId)).toBe(50_000);
    expect(await balance(b.accountId)).toBe(200_000);
    expect(await statuses(paymentIntent)).toEqual([
      ['PARTIALLY_REFUNDED', 50_000],
      ['REFUNDED', 200_000],
    ]);
    // B owes four months again (two full months overdue or more): back on the list.
    expect(await onList(b.accountId)).toBe(true);
  });

  it('refund events out of order converge: the larger first, the smaller later changes nothing', async () => {
    const { a, b, paymentIntent } = await paid();
    const charge = id('ch');
    await deliver(refund(charge, paymentIntent, 250_000));
    const late = await deliver(refund(charge, paymentIntent, 150_000));
    expect(late.body.outcome).toBe('PROCESSED');
    expect(await balance(a.accountId)).toBe(50_000);
    expect(await balance(b.accountId)).toBe(200_000);
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => deliver(refund(charge, paymentIntent, 500_000))),
    );
    expect(concurrent.every((delivery) => delivery.status === 200)).toBe(true);
    expect(await balance(a.accountId)).toBe(300_000);
    expect(await balance(b.accountId)).toBe(200_000);
    expect(await statuses(paymentIntent)).toEqual([
      ['REFUNDED', 300_000],
      ['REFUNDED', 200_000],
    ]);
  });

  it('a card dispute of the whole payment takes both shares back; won, it reinstates both', async () => {
    const { a, b, paymentIntent } = await paid();
    const disputeId = id('dp');
    const dispute = (type: string, status?: string) =>
      chargeEvent(type, {
        id: disputeId,
        amount: 500_000,
        currency: 'uah',
        charge: id('ch'),
        payment_intent: paymentIntent,
        ...(status ? { status } : {}),
      });
    expect((await deliver(dispute('charge.dispute.created'))).body.outcome).toBe('PROCESSED');
    expect(await balance(a.accountId)).toBe(300_000);
    expect(await balance(b.accountId)).toBe(200_000);
    expect(await onList(a.accountId)).toBe(true);
    expect(await statuses(paymentIntent)).toEqual([
      ['DISPUTED', 300_000],
      ['DISPUTED', 200_000],
    ]);
    expect((await deliver(dispute('charge.dispute.closed', 'won'))).body.outcome).toBe('PROCESSED');
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(0);
    expect(await onList(a.accountId)).toBe(false);
    expect(await onList(b.accountId)).toBe(false);
    expect(await statuses(paymentIntent)).toEqual([
      ['SUCCEEDED', 0],
      ['SUCCEEDED', 0],
    ]);
    // The same closing delivered again reinstates nothing more.
    await deliver(dispute('charge.dispute.funds_reinstated'));
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(0);
  });

  it('a partial refund, then a dispute of the rest: everything reversed once, never more than each share', async () => {
    const { a, b, paymentIntent } = await paid();
    await deliver(refund(id('ch'), paymentIntent, 100_000));
    await deliver(
      chargeEvent('charge.dispute.created', {
        id: id('dp'),
        amount: 500_000, // more than is left: only the 400,000 not refunded can go
        currency: 'uah',
        charge: id('ch'),
        payment_intent: paymentIntent,
      }),
    );
    expect(await balance(a.accountId)).toBe(300_000);
    expect(await balance(b.accountId)).toBe(200_000);
    const shares = await sharesOf(paymentIntent);
    expect(shares.map((p) => p.refundedKopecks)).toEqual([300_000, 200_000]);
  });

  it('a refund that arrives before the sale books both shares from the charge, then refunds; the late sale books nothing', async () => {
    const { a, b } = await twoDebtors();
    const paymentIntent = id('pi');
    const shares = `${a.accountNumber}:300000;${b.accountNumber}:200000`;
    const early = chargeEvent('charge.refunded', {
      id: id('ch'),
      amount: 500_000,
      amount_refunded: 100_000,
      currency: 'uah',
      payment_intent: paymentIntent,
      metadata: { accountNumber: a.accountNumber, shares },
    });
    expect((await deliver(early)).body.outcome).toBe('PROCESSED');
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(100_000);
    const late = await deliver(paidForBoth(a, b, { paymentIntent }));
    expect(late.body.outcome).toBe('PROCESSED');
    expect(await sharesOf(paymentIntent)).toHaveLength(2);
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(100_000);
  });
});
