/**
 * The job worker on the real queue (pg-boss over PostgreSQL): a payment booked by the Stripe
 * webhook for an account that chose SMS enqueues its confirmation in the booking's own
 * transaction, and a running worker sends it once; duplicates of the event enqueue nothing
 * more; an account that did not choose SMS gets no job.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as stripeWebhook } from '@/app/api/webhooks/stripe/route';
import { addMonths, kyivMonthOf } from '@/lib/dates';
import { getPrisma } from '@/lib/server/db';
import { JOBS } from '@/lib/server/jobs/queue';
import { createLogTransport } from '@/lib/server/sms/transport';
import { signLikeStripe } from '@/lib/server/stripe';
import { createAccountWithDebt } from '@/test/factories';
import { startWorker, type Worker } from './start-worker';

const prisma = getPrisma();
const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));
const delivered: { to: string; body: string }[] = [];
let worker: Worker;

beforeAll(async () => {
  const log = createLogTransport(() => {});
  worker = await startWorker({
    databaseUrl: process.env.DATABASE_URL ?? '',
    log: () => {},
    schedule: false,
    pollingIntervalSeconds: 0.5,
    poolSize: 2,
    transport: {
      async send(to, body) {
        delivered.push({ to, body });
        return log.send(to, body);
      },
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await prisma.$disconnect();
});

function paidEvent(accountNumber: string, amount: number) {
  const id = randomBytes(8).toString('hex');
  return {
    id: `evt_${id}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_test_${id}`,
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: amount,
        currency: 'uah',
        payment_intent: `pi_${id}`,
        metadata: { accountNumber },
      },
    },
  };
}

async function deliver(event: unknown) {
  const body = JSON.stringify(event);
  const response = await stripeWebhook(
    new Request('http://test/api/webhooks/stripe', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'stripe-signature': signLikeStripe(body) },
    }),
  );
  expect(response.status).toBe(200);
}

async function jobsFor(paymentId: number) {
  const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND (data->>'paymentId')::int = $2`,
    JOBS.paymentConfirmation,
    paymentId,
  );
  return row?.n ?? 0;
}

async function waitFor<T>(read: () => Promise<T | null>, seconds = 15): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('payment confirmation by SMS, through the queue', () => {
  it('a booked payment of an SMS account → one job in the same transaction → one SMS', async () => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 50_000,
      contactPreference: 'SMS',
    });
    const event = paidEvent(debtor.accountNumber, 100_000);
    await deliver(event);
    await deliver(event); // Stripe's duplicate delivery
    const payment = await prisma.payment.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(await jobsFor(payment.id)).toBe(1);
    const message = await waitFor(() =>
      prisma.smsMessage.findFirst({
        where: { accountId: debtor.accountId, kind: 'PAYMENT_CONFIRMATION', status: 'SENT' },
      }),
    );
    // 1,000.00 of 3,000.00 paid: some debt is still overdue, and the text says so.
    expect(message.body).toBe('Оплату 1 000,00 грн отримано, дякуємо. Ще є прострочений борг.');
    expect(message.dedupeKey).toBe(`payment:${payment.id}`);
    expect(delivered.filter((d) => d.to === debtor.phone)).toHaveLength(1);
  });

  it('an account that did not choose SMS gets no job and no SMS', async () => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 50_000,
    });
    await deliver(paidEvent(debtor.accountNumber, 300_000));
    const payment = await prisma.payment.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(await jobsFor(payment.id)).toBe(0);
  });

  it('a job run twice (a retry after a crash) sends once', async () => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 50_000,
      contactPreference: 'SMS',
    });
    await deliver(paidEvent(debtor.accountNumber, 300_000));
    await waitFor(() =>
      prisma.smsMessage.findFirst({
        where: { accountId: debtor.accountId, kind: 'PAYMENT_CONFIRMATION', status: 'SENT' },
      }),
    );
    const payment = await prisma.payment.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    const { sendPaymentConfirmation } = await import('@/lib/domain/sms/send-payment-confirmation');
    const { DEFAULT_RULES } = await import('@/test/billing-rules');
    const again = await sendPaymentConfirmation(prisma, {
      paymentId: payment.id,
      transport: createLogTransport(() => {}),
      rules: DEFAULT_RULES,
    });
    expect(again).toBe('ALREADY_SENT');
    const sent = await prisma.smsMessage.findMany({
      where: { accountId: debtor.accountId, kind: 'PAYMENT_CONFIRMATION' },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toBe('Оплату 3 000,00 грн отримано, дякуємо.');
  });
});
