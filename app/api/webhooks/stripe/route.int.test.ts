/**
 * POST /api/webhooks/stripe on the real PostgreSQL server: signed events of every handled
 * type, duplicates (sequential and 20 concurrent), two event types for one payment, a refund
 * before its sale, forged / stale / oversized / malformed deliveries, a database failure
 * mid-event, and the call list and the dialer's feed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { GET as getChanges } from '@/app/api/v1/call-list/changes/route';
import { GET as getCallList } from '@/app/api/v1/call-list/route';
import { getPrisma } from '@/lib/server/db';
import { signLikeStripe } from '@/lib/server/stripe';
import { createAccountWithDebt, createDialerKey } from '@/test/factories';
import {
  chargeEvent,
  checkoutEvent,
  debtorOnTheList,
  deliver,
  id,
  onList,
  sixMonths,
} from '@/test/stripe-webhook';
import { POST } from './route';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

async function writes() {
  const [events, payments, entries] = await Promise.all([
    prisma.webhookEvent.count(),
    prisma.payment.count(),
    prisma.ledgerEntry.count(),
  ]);
  return { events, payments, entries };
}

describe('checkout.session.completed', () => {
  it('books a full payment, takes the debtor off the call list and into the dialer feed', async () => {
    const debtor = await debtorOnTheList();
    const key = await createDialerKey(prisma);
    const before = (await (
      await getChanges(
        new Request('http://test/api/v1/call-list/changes', {
          headers: { authorization: `Bearer ${key}` },
        }),
      )
    ).json()) as { cursor: string };

    const { status, body } = await deliver(
      checkoutEvent({
        accountNumber: debtor.accountNumber,
        amount: 300_000,
        paymentIntent: id('pi'),
      }),
    );
    expect(status).toBe(200);
    expect(body.outcome).toBe('PROCESSED');

    const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
    expect(account.balanceKopecks).toBe(0);
    expect(await onList(debtor.accountId)).toBe(false);

    // The dialer: absent from the list, present in the feed as REMOVED (PAID).
    const auth = { authorization: `Bearer ${key}` };
    const list = (await (
      await getCallList(new Request('http://test/api/v1/call-list', { headers: auth }))
    ).json()) as {
      entries: { accountNumber: string }[];
    };
    expect(list.entries.map((e) => e.accountNumber)).not.toContain(debtor.accountNumber);
    const feed = (await (
      await getChanges(
        new Request(`http://test/api/v1/call-list/changes?after=${before.cursor}`, {
          headers: auth,
        }),
      )
    ).json()) as {
      changes: { accountNumber: string; action: string; reason: string; phone: string }[];
    };
    expect(feed.changes).toContainEqual(
      expect.objectContaining({
        accountNumber: debtor.accountNumber,
        action: 'REMOVED',
        reason: 'PAID',
        phone: debtor.phone,
      }),
    );
  });

  it('a partial payment that leaves more than 3 months overdue keeps the account on the list', async () => {
    const debtor = await debtorOnTheList();
    const { status } = await deliver(
      checkoutEvent({
        accountNumber: debtor.accountNumber,
        amount: 50_000,
        paymentIntent: id('pi'),
      }),
    );
    expect(status).toBe(200);
    expect(await onList(debtor.accountId)).toBe(true);
    const entry = await prisma.callListEntry.findFirstOrThrow({
      where: { accountId: debtor.accountId, removedAt: null },
    });
    // Six overdue bills of 500.00 less the 500.00 paid, which settled the oldest one: the next
    // oldest (two months later) has been overdue for 5 full months.
    expect(entry).toMatchObject({ overdueKopecks: 250_000, overdueMonths: 5 });
  });

  it('ignores a completed session that is not paid yet (async methods), then books async_payment_succeeded', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    const pending = await deliver(
      checkoutEvent({
        accountNumber: debtor.accountNumber,
        amount: 300_000,
        paymentIntent,
        paymentStatus: 'unpaid',
      }),
    );
    expect(pending.body.outcome).toBe('IGNORED');
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(0);
    const paid = await deliver(
      checkoutEvent({
        type: 'checkout.session.async_payment_succeeded',
        accountNumber: debtor.accountNumber,
        amount: 300_000,
        paymentIntent,
      }),
    );
    expect(paid.body.outcome).toBe('PROCESSED');
    expect(await onList(debtor.accountId)).toBe(false);
  });
});

describe('idempotency', () => {
  it('the same event delivered twice books once; the second answers 200 DUPLICATE', async () => {
    const debtor = await debtorOnTheList();
    const event = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 100_000,
      paymentIntent: id('pi'),
    });
    expect((await deliver(event)).body.outcome).toBe('PROCESSED');
    const after = await writes();
    const again = await deliver(event);
    expect(again).toEqual({ status: 200, body: { received: true, outcome: 'DUPLICATE' } });
    expect(await writes()).toEqual(after);
  });

  it('the same event delivered 20 times concurrently books exactly one payment', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    const event = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 300_000,
      paymentIntent,
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver(event)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.outcome === 'PROCESSED')).toHaveLength(1);
    expect(results.filter((r) => r.body.outcome === 'DUPLICATE')).toHaveLength(19);
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(1);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: debtor.accountId, kind: 'PAYMENT' } }),
    ).toBe(1);
    const events = await prisma.callListEvent.count({
      where: { accountId: debtor.accountId, action: 'REMOVED' },
    });
    expect(events).toBe(1);
  });

  it('10 different payments for one account delivered concurrently all book, without deadlock', async () => {
    const debtor = await debtorOnTheList();
    const events = Array.from({ length: 10 }, () =>
      checkoutEvent({
        accountNumber: debtor.accountNumber,
        amount: 30_000,
        paymentIntent: id('pi'),
      }),
    );
    const results = await Promise.all(events.map((event) => deliver(event)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.every((r) => r.body.outcome === 'PROCESSED')).toBe(true);
    const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
    expect(account.balanceKopecks).toBe(0); // 6 × 500.00 owed, 10 × 300.00 paid
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: debtor.accountId, kind: 'PAYMENT' } }),
    ).toBe(10);
    expect(await onList(debtor.accountId)).toBe(false);
  });

  it('two event types for one payment (completed, then async_payment_succeeded) book it once', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    const completed = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 300_000,
      paymentIntent,
    });
    const succeeded = {
      ...completed,
      id: id('evt'),
      type: 'checkout.session.async_payment_succeeded',
    };
    expect((await deliver(completed)).body.outcome).toBe('PROCESSED');
    expect((await deliver(succeeded)).body.outcome).toBe('PROCESSED');
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(1);
    const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
    expect(account.balanceKopecks).toBe(0);
  });
});

describe('refunds and card disputes', () => {
  it('a refund reverses the payment and puts the account back on the call list', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    await deliver(
      checkoutEvent({ accountNumber: debtor.accountNumber, amount: 300_000, paymentIntent }),
    );
    expect(await onList(debtor.accountId)).toBe(false);
    const charge = {
      id: id('ch'),
      object: 'charge',
      amount: 300_000,
      amount_refunded: 300_000,
      currency: 'uah',
      payment_intent: paymentIntent,
      metadata: { accountNumber: debtor.accountNumber },
    };
    const refund = chargeEvent('charge.refunded', charge);
    expect((await deliver(refund)).body.outcome).toBe('PROCESSED');
    expect(await onList(debtor.accountId)).toBe(true);
    const payment = await prisma.payment.findFirstOrThrow({
      where: { providerPaymentId: paymentIntent },
    });
    expect(payment).toMatchObject({ status: 'REFUNDED', refundedKopecks: 300_000 });
    // A second delivery of the same cumulative refund (new event id) reverses nothing more.
    expect((await deliver(chargeEvent('charge.refunded', charge))).body.outcome).toBe('PROCESSED');
    expect(
      await prisma.ledgerEntry.count({ where: { paymentId: payment.id, kind: 'REVERSAL' } }),
    ).toBe(1);
  });

  it('a partial refund reverses only the refunded part', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    await deliver(
      checkoutEvent({ accountNumber: debtor.accountNumber, amount: 300_000, paymentIntent }),
    );
    await deliver(
      chargeEvent('charge.refunded', {
        id: id('ch'),
        amount: 300_000,
        amount_refunded: 20_000,
        currency: 'uah',
        payment_intent: paymentIntent,
        metadata: {},
      }),
    );
    const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
    expect(account.balanceKopecks).toBe(20_000);
    expect(await onList(debtor.accountId)).toBe(false); // 200.00 overdue less than a month old
  });

  it('a refund that arrives before the sale books the sale, then the refund; the late sale event books nothing more', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    const refund = chargeEvent('charge.refunded', {
      id: id('ch'),
      amount: 300_000,
      amount_refunded: 300_000,
      currency: 'uah',
      payment_intent: paymentIntent,
      metadata: { accountNumber: debtor.accountNumber },
    });
    expect((await deliver(refund)).body.outcome).toBe('PROCESSED');
    const late = await deliver(
      checkoutEvent({ accountNumber: debtor.accountNumber, amount: 300_000, paymentIntent }),
    );
    expect(late.body.outcome).toBe('PROCESSED');
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(1);
    const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
    expect(account.balanceKopecks).toBe(300_000); // paid and refunded: the debt is back
    expect(await onList(debtor.accountId)).toBe(true);
  });

  it('a card dispute takes the money back and may put the account back on the list', async () => {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    await deliver(
      checkoutEvent({ accountNumber: debtor.accountNumber, amount: 300_000, paymentIntent }),
    );
    const dispute = chargeEvent('charge.dispute.created', {
      id: id('dp'),
      amount: 300_000,
      currency: 'uah',
      charge: id('ch'),
      payment_intent: paymentIntent,
    });
    expect((await deliver(dispute)).body.outcome).toBe('PROCESSED');
    const payment = await prisma.payment.findFirstOrThrow({
      where: { providerPaymentId: paymentIntent },
    });
    expect(payment.status).toBe('DISPUTED');
    expect(await onList(debtor.accountId)).toBe(true);
  });
});

describe('what a retry cannot fix is recorded for staff and acknowledged', () => {
  it.each([
    ['an unknown account', { accountNumber: '1000000016', currency: 'uah' }, /unknown account/],
    ['a wrong currency', { currency: 'usd' }, /currency usd/],
  ])('%s → 200, NEEDS_REVIEW, no payment', async (_name, override, detail) => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 50_000,
    });
    const paymentIntent = id('pi');
    const event = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 300_000,
      paymentIntent,
      ...override,
    });
    const { status, body } = await deliver(event);
    expect(status).toBe(200);
    expect(body.outcome).toBe('NEEDS_REVIEW');
    const recorded = await prisma.webhookEvent.findFirstOrThrow({ where: { eventId: event.id } });
    expect(JSON.stringify(recorded.detail)).toMatch(detail);
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(0);
  });

  it('an AppError while applying the event → 200 NEEDS_REVIEW once, nothing half-booked, no endless retry', async () => {
    // A refund that arrives before its sale, for a charge of 0 kopecks: booking the sale
    // first is refused by the ledger's own rule (a payment must be positive).
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 50_000,
    });
    const paymentIntent = id('pi');
    const refund = chargeEvent('charge.refunded', {
      id: id('ch'),
      amount: 0,
      amount_refunded: 0,
      currency: 'uah',
      payment_intent: paymentIntent,
      metadata: { accountNumber: debtor.accountNumber },
    });
    const before = await writes();
    const first = await deliver(refund);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'NEEDS_REVIEW' } });
    const recorded = await prisma.webhookEvent.findFirstOrThrow({ where: { eventId: refund.id } });
    expect(recorded.outcome).toBe('NEEDS_REVIEW');
    expect(JSON.stringify(recorded.detail)).toMatch(/INVALID_INPUT: payment amount 0/);
    expect(await writes()).toEqual({ ...before, events: before.events + 1 });
    // Stripe's retry of the same event is a duplicate, not another 500.
    expect(await deliver(refund)).toMatchObject({ status: 200, body: { outcome: 'DUPLICATE' } });
  });

  it.each([
    ['above the payment maximum', 10_000_001],
    ['beyond the database column', 9_000_000_000],
  ])(
    'an amount %s → 200 NEEDS_REVIEW, nothing booked, and the next payment still books',
    async (_name, amount) => {
      const debtor = await debtorOnTheList();
      const absurd = checkoutEvent({
        accountNumber: debtor.accountNumber,
        amount,
        paymentIntent: id('pi'),
      });
      expect(await deliver(absurd)).toMatchObject({
        status: 200,
        body: { outcome: 'NEEDS_REVIEW' },
      });
      expect(await prisma.payment.count({ where: { accountId: debtor.accountId } })).toBe(0);
      const fine = checkoutEvent({
        accountNumber: debtor.accountNumber,
        amount: 50_000,
        paymentIntent: id('pi'),
      });
      expect(await deliver(fine)).toMatchObject({ status: 200, body: { outcome: 'PROCESSED' } });
    },
  );

  it('an unhandled event type → 200 IGNORED', async () => {
    const { status, body } = await deliver(chargeEvent('customer.created', { id: id('cus') }));
    expect(status).toBe(200);
    expect(body.outcome).toBe('IGNORED');
  });
});

describe('bad deliveries get 4xx and write nothing', () => {
  const event = () =>
    checkoutEvent({ accountNumber: '1000000016', amount: 100_000, paymentIntent: id('pi') });

  it.each([
    [
      'a forged signature',
      400,
      'INVALID_SIGNATURE',
      () => {
        const body = JSON.stringify(event());
        return { body, signature: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` };
      },
    ],
    [
      'a signature made with another secret',
      400,
      'INVALID_SIGNATURE',
      () => {
        const body = JSON.stringify(event());
        return {
          body,
          signature: signLikeStripe(body).replace(/v1=[0-9a-f]+/, `v1=${'ab'.repeat(32)}`),
        };
      },
    ],
    [
      'a replay older than the 5-minute tolerance',
      400,
      'INVALID_SIGNATURE',
      () => {
        const body = JSON.stringify(event());
        return { body, signature: signLikeStripe(body, Math.floor(Date.now() / 1000) - 301) };
      },
    ],
    [
      'a body changed after signing',
      400,
      'INVALID_SIGNATURE',
      () => {
        const body = JSON.stringify(event());
        return { body: body.replace('100000', '900000'), signature: signLikeStripe(body) };
      },
    ],
    [
      'no signature header at all',
      400,
      'MISSING_SIGNATURE',
      () => ({ body: JSON.stringify(event()), signature: '' }),
    ],
    [
      'malformed JSON (correctly signed)',
      400,
      'MALFORMED_JSON',
      () => {
        const body = '{"id": "evt_1", "type": ';
        return { body, signature: signLikeStripe(body) };
      },
    ],
    [
      'valid JSON that is not an event',
      400,
      'MALFORMED_EVENT',
      () => {
        const body = '{"hello": "world"}';
        return { body, signature: signLikeStripe(body) };
      },
    ],
    [
      'an oversized body (300 KB)',
      413,
      'BODY_TOO_LARGE',
      () => {
        const body = JSON.stringify({ ...event(), padding: 'x'.repeat(300 * 1024) });
        return { body, signature: signLikeStripe(body) };
      },
    ],
  ])('%s → %i %s', async (_name, status, error, make) => {
    const before = await writes();
    const { body, signature } = make();
    const request = new Request('http://test/api/webhooks/stripe', {
      method: 'POST',
      body,
      headers: signature ? { 'stripe-signature': signature } : {},
    });
    const response = await POST(request);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
    expect(await writes()).toEqual(before);
  });
});

describe('refunds and card disputes, each tracked by its own id (issue 12)', () => {
  async function paid(amount = 300_000) {
    const debtor = await debtorOnTheList();
    const paymentIntent = id('pi');
    await deliver(checkoutEvent({ accountNumber: debtor.accountNumber, amount, paymentIntent }));
    const payment = await prisma.payment.findFirstOrThrow({
      where: { providerPaymentId: paymentIntent },
    });
    return { debtor, paymentIntent, payment };
  }
  const balance = async (accountId: number) =>
    (await prisma.account.findUniqueOrThrow({ where: { id: accountId } })).balanceKopecks;
  const dispute = (
    disputeId: string,
    paymentIntent: string,
    amount: number,
    type = 'charge.dispute.created',
    status?: string,
  ) =>
    chargeEvent(type, {
      id: disputeId,
      amount,
      currency: 'uah',
      charge: id('ch'),
      payment_intent: paymentIntent,
      ...(status ? { status } : {}),
    });

  it('a partial dispute, then a refund of the rest: the whole payment is reversed, not less', async () => {
    const { debtor, paymentIntent, payment } = await paid();
    expect(await balance(debtor.accountId)).toBe(0);
    await deliver(dispute(id('dp'), paymentIntent, 100_000));
    expect(await balance(debtor.accountId)).toBe(100_000);
    const charge = id('ch');
    const refund = chargeEvent('charge.refunded', {
      id: charge,
      amount: 300_000,
      amount_refunded: 200_000,
      currency: 'uah',
      payment_intent: paymentIntent,
    });
    expect((await deliver(refund)).body.outcome).toBe('PROCESSED');
    expect(await balance(debtor.accountId)).toBe(300_000);
    const after = await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(after).toMatchObject({ refundedKopecks: 300_000, status: 'DISPUTED' });
  });

  it('one dispute delivered under two event ids is reversed once', async () => {
    const { debtor, paymentIntent } = await paid();
    const disputeId = id('dp');
    await deliver(dispute(disputeId, paymentIntent, 100_000));
    await deliver(dispute(disputeId, paymentIntent, 100_000));
    expect(await balance(debtor.accountId)).toBe(100_000);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: debtor.accountId, kind: 'REVERSAL' } }),
    ).toBe(1);
  });

  it('a won dispute reinstates the payment: no debt, off the call list again; funds_reinstated after it changes nothing', async () => {
    const { debtor, paymentIntent, payment } = await paid();
    const disputeId = id('dp');
    await deliver(dispute(disputeId, paymentIntent, 300_000));
    expect(await balance(debtor.accountId)).toBe(300_000);
    expect(await onList(debtor.accountId)).toBe(true);
    const won = await deliver(
      dispute(disputeId, paymentIntent, 300_000, 'charge.dispute.closed', 'won'),
    );
    expect(won.body.outcome).toBe('PROCESSED');
    expect(await balance(debtor.accountId)).toBe(0);
    expect(await onList(debtor.accountId)).toBe(false);
    await deliver(dispute(disputeId, paymentIntent, 300_000, 'charge.dispute.funds_reinstated'));
    expect(await balance(debtor.accountId)).toBe(0);
    const after = await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(after).toMatchObject({ refundedKopecks: 0, status: 'SUCCEEDED' });
    // A refund after the won dispute can still take the money back (from the reinstatement).
    const refund = chargeEvent('charge.refunded', {
      id: id('ch'),
      amount: 300_000,
      amount_refunded: 300_000,
      currency: 'uah',
      payment_intent: paymentIntent,
    });
    expect((await deliver(refund)).status).toBe(200);
    expect(await balance(debtor.accountId)).toBe(300_000);
  });

  it('a lost dispute leaves the reversal standing', async () => {
    const { debtor, paymentIntent } = await paid();
    const disputeId = id('dp');
    await deliver(dispute(disputeId, paymentIntent, 300_000));
    await deliver(dispute(disputeId, paymentIntent, 300_000, 'charge.dispute.closed', 'lost'));
    expect(await balance(debtor.accountId)).toBe(300_000);
  });
});

describe('one checkout, two event shapes (issue 12)', () => {
  it('two events for one session at the same time, one without payment_intent: both 200, one booking', async () => {
    const debtor = await debtorOnTheList();
    const intent = id('pi');
    const withIntent = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 100_000,
      paymentIntent: intent,
    });
    const session = (withIntent.data.object as { id: string }).id;
    const withoutIntent = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 100_000,
      paymentIntent: '',
    });
    Object.assign(withoutIntent.data.object, { id: session, payment_intent: null });
    const replies = await Promise.all([deliver(withIntent), deliver(withoutIntent)]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(await prisma.payment.count({ where: { checkoutSessionId: session } })).toBe(1);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: debtor.accountId, kind: 'PAYMENT' } }),
    ).toBe(1);
  });

  it('a demo refund that arrives before its sale, then the demo completion: booked once', async () => {
    const debtor = await debtorOnTheList();
    const intent = `pi_demo_${randomBytes(8).toString('hex')}`;
    const refund = chargeEvent('charge.refunded', {
      id: id('ch'),
      amount: 100_000,
      amount_refunded: 0,
      currency: 'uah',
      payment_intent: intent,
      metadata: { accountNumber: debtor.accountNumber },
    });
    expect((await deliver(refund)).status).toBe(200);
    const completion = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 100_000,
      paymentIntent: intent,
    });
    // The session the demo provider opened (lib/server/payments/checkout-provider.ts).
    await prisma.checkoutSession.create({
      data: {
        id: (completion.data.object as { id: string }).id,
        provider: 'DEMO',
        accountId: debtor.accountId,
        amountKopecks: 100_000,
        locale: 'uk',
        url: 'http://test/pay/demo',
      },
    });
    expect((await deliver(completion)).status).toBe(200);
    expect(await prisma.payment.count({ where: { providerPaymentId: intent } })).toBe(1);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: debtor.accountId, kind: 'PAYMENT' } }),
    ).toBe(1);
  });
});

describe('a database failure mid-event', () => {
  it('answers 500 with nothing half-written; the retry books exactly once', async () => {
    const debtor = await debtorOnTheList();
    // Make the ledger insert fail for this account only: the event row and the payment row
    // were already written in the transaction when it fails.
    const fn = `fail_ledger_${randomBytes(4).toString('hex')}`;
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.account_id = ${debtor.accountId} AND NEW.kind = 'PAYMENT' THEN
          RAISE EXCEPTION 'simulated outage';
        END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    const paymentIntent = id('pi');
    const event = checkoutEvent({
      accountNumber: debtor.accountNumber,
      amount: 300_000,
      paymentIntent,
    });
    try {
      const failed = await deliver(event);
      expect(failed).toEqual({ status: 500, body: { error: 'PROCESSING_FAILED' } });
      expect(await prisma.webhookEvent.count({ where: { eventId: event.id } })).toBe(0);
      expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(0);
      expect(await onList(debtor.accountId)).toBe(true);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON ledger_entry`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    const retried = await deliver(event);
    expect(retried.body.outcome).toBe('PROCESSED');
    expect(await deliver(event)).toMatchObject({ body: { outcome: 'DUPLICATE' } });
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(1);
    expect(await onList(debtor.accountId)).toBe(false);
  });
});
