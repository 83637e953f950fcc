/**
 * Unmatched payments on the real PostgreSQL server: events the Stripe webhook recorded as
 * NEEDS_REVIEW (through processStripeEvent itself), listed with their references; attached to
 * an account exactly once (two tabs at once, two events of one payment), booked like an online
 * payment (ledger, call list, confirmation SMS job); every refusal changes nothing; marked for
 * refund once, after which the provider's refund event is not another review item.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { addMonths, kyivMonthOf } from '../../dates';
import { getPrisma, type Tx } from '../../server/db';
import { enqueueInTransaction, JOBS } from '../../server/jobs/queue';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME } from '../accounts/account-number';
import { isAppError } from '../app-error';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { MAX_PAYMENT_KOPECKS } from '../payments/payment-limits';
import { processStripeEvent } from '../payments/process-stripe-event';
import type { StaffActor, StaffRole } from './staff-actor';
import {
  attachUnmatchedPayment,
  listUnmatchedPayments,
  markUnmatchedForRefund,
} from './unmatched-payments';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));
const enqueuePaymentConfirmation = (tx: Tx, job: { paymentId: number }) =>
  enqueueInTransaction(tx, JOBS.paymentConfirmation, job);

async function staff(role: StaffRole = 'SUPPORT'): Promise<StaffActor & { name: string }> {
  const tag = randomBytes(6).toString('hex');
  const user = await prisma.staffUser.create({
    data: { email: `staff-${tag}@test.invalid`, name: `Оператор ${tag}`, role, passwordHash: 'x' },
  });
  return { staffUserId: user.id, role, name: user.name };
}

async function debtorOnTheList(contactPreference: 'CALLS' | 'SMS' = 'CALLS') {
  const debtor = await createAccountWithDebt(prisma, {
    months: sixMonths,
    monthlyKopecks: 50_000,
    contactPreference,
  });
  // An SMS account is off the list (SMS_OPT_IN); a CALLS debtor is on it.
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
  );
  return debtor;
}

async function onList(accountId: number) {
  return (await prisma.callListEntry.count({ where: { accountId, removedAt: null } })) === 1;
}

/** A paid checkout as Stripe sends it; the webhook records it NEEDS_REVIEW for these inputs. */
function checkoutEvent(options: {
  accountNumber?: string;
  amount?: number | null;
  currency?: string;
  paymentIntent?: string;
  type?: string;
}) {
  return {
    id: id('evt'),
    type: options.type ?? 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: id('cs_test'),
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: options.amount === undefined ? 300_000 : options.amount,
        currency: options.currency ?? 'uah',
        payment_intent: options.paymentIntent ?? id('pi'),
        metadata: { accountNumber: options.accountNumber ?? '1000000016' },
        customer_details: { email: 'payer@example.com', name: 'Платник' },
      },
    },
  };
}

/** Delivers an event through the webhook's own domain function; returns its webhook_event row. */
async function unmatched(event: ReturnType<typeof checkoutEvent>, now?: Date) {
  const result = await processStripeEvent(prisma, {
    event,
    rules: DEFAULT_RULES,
    enqueuePaymentConfirmation,
    now,
  });
  expect(result.outcome).toBe('NEEDS_REVIEW');
  return prisma.webhookEvent.findUniqueOrThrow({
    where: { provider_eventId: { provider: 'STRIPE', eventId: event.id } },
  });
}

const attach = (
  actor: StaffActor,
  webhookEventId: number,
  accountNumber: string,
  note = 'Платник помилився в номері рахунку; підтверджено телефоном.',
) =>
  attachUnmatchedPayment(prisma, actor, {
    webhookEventId,
    accountNumber,
    note,
    rules: DEFAULT_RULES,
    scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
    enqueuePaymentConfirmation,
  });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Everything an attach or a refund could write. */
async function writes() {
  const [payments, entries, audits, decided, jobs] = await Promise.all([
    prisma.payment.count(),
    prisma.ledgerEntry.count(),
    prisma.auditLog.count(),
    prisma.webhookEvent.count({ where: { review: { not: null } } }),
    prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM pgboss.job'),
  ]);
  return { payments, entries, audits, decided, jobs: jobs[0]?.n };
}

describe('listUnmatchedPayments', () => {
  it('lists undecided NEEDS_REVIEW events newest first, with the references staff need', async () => {
    const actor = await staff();
    const at = (second: number) => new Date(Date.UTC(2099, 0, 1, 0, 0, second));
    const unknownPi = id('pi');
    const unknown = await unmatched(
      checkoutEvent({ accountNumber: '1000000016', amount: 123_456, paymentIntent: unknownPi }),
      at(1),
    );
    const dollars = await unmatched(
      checkoutEvent({ currency: 'usd', amount: 5_000, accountNumber: '1000000024' }),
      at(2),
    );
    // A known account: the webhook refuses the amount itself (above the maximum).
    const known = await createAccountWithDebt(prisma, { months: [], monthlyKopecks: 10_000 });
    const huge = await unmatched(
      checkoutEvent({ amount: MAX_PAYMENT_KOPECKS + 1, accountNumber: known.accountNumber }),
      at(3),
    );
    const noAmount = await unmatched(checkoutEvent({ amount: null }), at(4));
    // An event recorded before references were kept: only the reason.
    const legacy = await prisma.webhookEvent.create({
      data: {
        provider: 'STRIPE',
        eventId: id('evt'),
        type: 'checkout.session.completed',
        outcome: 'NEEDS_REVIEW',
        detail: { message: 'unknown account 1000000016' },
        receivedAt: at(5),
      },
    });

    const page = await listUnmatchedPayments(prisma, actor, { page: 1, pageSize: 5 });
    expect(page.rows.map((row) => row.id)).toEqual([
      legacy.id,
      noAmount.id,
      huge.id,
      dollars.id,
      unknown.id,
    ]);
    expect(page.hasMore).toBe(page.total > 5);
    const byId = new Map(page.rows.map((row) => [row.id, row]));
    expect(byId.get(unknown.id)).toMatchObject({
      provider: 'STRIPE',
      type: 'checkout.session.completed',
      receivedAt: at(1),
      reason: 'unknown account 1000000016',
      amountMinor: 123_456,
      currency: 'uah',
      accountReference: '1000000016',
      providerPaymentId: unknownPi,
      attachProblem: null,
    });
    // Never the payer's personal details from the raw object.
    expect(JSON.stringify(byId.get(unknown.id)?.detail)).not.toMatch(/payer@example\.com/);
    expect(byId.get(dollars.id)).toMatchObject({
      reason: 'currency usd, expected uah',
      currency: 'usd',
      amountMinor: 5_000,
      attachProblem: 'WRONG_CURRENCY',
    });
    expect(byId.get(huge.id)).toMatchObject({
      reason: expect.stringMatching(/above the maximum/),
      attachProblem: 'OVER_LIMIT',
    });
    expect(byId.get(noAmount.id)).toMatchObject({ amountMinor: null, attachProblem: 'NO_AMOUNT' });
    expect(byId.get(legacy.id)).toMatchObject({
      reason: 'unknown account 1000000016',
      amountMinor: null,
      providerPaymentId: null,
      attachProblem: 'NO_REFERENCE',
    });

    const second = await listUnmatchedPayments(prisma, actor, { page: 2, pageSize: 2 });
    expect(second.rows.map((row) => row.id)).toEqual([huge.id, dollars.id]);
    expect(second.hasMore).toBe(true);

    // Decided events leave the list.
    await markUnmatchedForRefund(prisma, actor, { webhookEventId: legacy.id, note: 'Повернути.' });
    const after = await listUnmatchedPayments(prisma, actor, { page: 1, pageSize: 5 });
    expect(after.rows.map((row) => row.id)).not.toContain(legacy.id);
    expect(after.total).toBe(page.total - 1);
  });

  it('refuses page 0', async () => {
    expect(
      await refusal(listUnmatchedPayments(prisma, await staff(), { page: 0, pageSize: 10 })),
    ).toEqual({ code: 'INVALID_INPUT', details: { field: 'page', problem: 'OUT_OF_RANGE' } });
  });
});

describe('attachUnmatchedPayment', () => {
  it('books it like an online payment in one transaction: payment, ledger, call list, event ATTACHED, audit', async () => {
    const actor = await staff();
    const debtor = await debtorOnTheList();
    expect(await onList(debtor.accountId)).toBe(true);
    const paymentIntent = id('pi');
    const event = await unmatched(checkoutEvent({ amount: 300_000, paymentIntent }));

    const attached = await attach(actor, event.id, debtor.accountNumber);
    expect(attached).toMatchObject({
      webhookEventId: event.id,
      accountId: debtor.accountId,
      accountNumber: debtor.accountNumber,
      amountKopecks: 300_000,
      booked: true,
      callList: 'REMOVED',
      receiptNumber: expect.stringMatching(/^KP-\d{4}-\d{8}$/),
    });
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: attached.paymentId } });
    expect(payment).toMatchObject({
      provider: 'STRIPE',
      providerPaymentId: paymentIntent,
      accountId: debtor.accountId,
      amountKopecks: 300_000,
      currency: 'UAH',
      status: 'SUCCEEDED',
    });
    const entries = await prisma.ledgerEntry.findMany({
      where: { paymentId: payment.id },
      select: { kind: true, amountKopecks: true },
    });
    expect(entries).toEqual([{ kind: 'PAYMENT', amountKopecks: -300_000 }]);
    const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
    expect(account.balanceKopecks).toBe(0);
    expect(await onList(debtor.accountId)).toBe(false);

    const decided = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(decided).toMatchObject({
      outcome: 'NEEDS_REVIEW',
      review: 'ATTACHED',
      reviewNote: 'Платник помилився в номері рахунку; підтверджено телефоном.',
      reviewedById: actor.staffUserId,
      attachedAccountId: debtor.accountId,
      paymentId: payment.id,
    });
    expect(decided.reviewedAt).toBeInstanceOf(Date);
    const audit = await prisma.auditLog.findMany({
      where: { action: 'payment.attach', targetId: String(event.id) },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorKind: 'STAFF',
      staffUserId: actor.staffUserId,
      accountId: debtor.accountId,
      targetType: 'webhook_event',
      detail: expect.objectContaining({
        eventId: event.eventId,
        providerPaymentId: paymentIntent,
        amountKopecks: 300_000,
        paymentId: payment.id,
        booked: true,
      }),
    });
  });

  it('enqueues the confirmation SMS for an account that chose SMS, as an online payment does', async () => {
    const debtor = await debtorOnTheList('SMS');
    const event = await unmatched(checkoutEvent({ amount: 50_000 }));
    const attached = await attach(await staff(), event.id, debtor.accountNumber);
    const [jobs] = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND (data->>'paymentId')::int = $2`,
      JOBS.paymentConfirmation,
      attached.paymentId,
    );
    expect(jobs?.n).toBe(1);
  });

  it('two tabs attaching the same event at once: one booking, the other CONFLICT and nothing more', async () => {
    const debtor = await debtorOnTheList();
    const other = await debtorOnTheList();
    const event = await unmatched(checkoutEvent({ amount: 100_000 }));
    const before = await writes();
    const [first, second] = await Promise.allSettled([
      attach(await staff(), event.id, debtor.accountNumber),
      attach(await staff(), event.id, other.accountNumber),
    ]);
    const results = [first, second];
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const reason = (lost[0] as PromiseRejectedResult).reason;
    expect(isAppError(reason, 'CONFLICT') && reason.details).toEqual({ reason: 'ALREADY_DECIDED' });
    expect(await writes()).toEqual({
      ...before,
      payments: before.payments + 1,
      entries: before.entries + 1,
      audits: before.audits + 1,
      decided: before.decided + 1,
    });
  });

  it('two events of one payment: booked once; the second links to it on the same account, CONFLICT on another', async () => {
    const actor = await staff();
    const debtor = await debtorOnTheList();
    const other = await debtorOnTheList();
    const paymentIntent = id('pi');
    const completed = await unmatched(checkoutEvent({ amount: 70_000, paymentIntent }));
    const succeeded = await unmatched(
      checkoutEvent({
        amount: 70_000,
        paymentIntent,
        type: 'checkout.session.async_payment_succeeded',
      }),
    );
    const third = await unmatched(checkoutEvent({ amount: 70_000, paymentIntent }));

    const booked = await attach(actor, completed.id, debtor.accountNumber);
    const before = await writes();
    expect(await refusal(attach(actor, succeeded.id, other.accountNumber))).toEqual({
      code: 'CONFLICT',
      details: { reason: 'BOOKED_ON_ANOTHER_ACCOUNT' },
    });
    expect(await writes()).toEqual(before);
    const linked = await attach(actor, third.id, debtor.accountNumber);
    expect(linked).toMatchObject({ paymentId: booked.paymentId, booked: false, callList: null });
    expect(await prisma.payment.count({ where: { providerPaymentId: paymentIntent } })).toBe(1);
    expect(await prisma.ledgerEntry.count({ where: { paymentId: booked.paymentId } })).toBe(1);
  });

  it('refuses, changing nothing: unknown or malformed account, empty note, wrong currency, no amount, over the limit, not a payment, not for review, decided', async () => {
    const actor = await staff();
    const debtor = await debtorOnTheList();
    const fine = await unmatched(checkoutEvent({ amount: 10_000 }));
    const dollars = await unmatched(checkoutEvent({ currency: 'usd' }));
    const noAmount = await unmatched(checkoutEvent({ amount: null }));
    const huge = await unmatched(checkoutEvent({ amount: MAX_PAYMENT_KOPECKS + 1 }));
    const refundEventId = id('evt');
    const refund = await processStripeEvent(prisma, {
      event: {
        id: refundEventId,
        type: 'charge.refunded',
        created: 0,
        data: {
          object: {
            id: id('ch'),
            amount: 10_000,
            amount_refunded: 10_000,
            currency: 'uah',
            payment_intent: id('pi'),
            metadata: { accountNumber: '1000000016' },
          },
        },
      },
      rules: DEFAULT_RULES,
      enqueuePaymentConfirmation,
    });
    expect(refund.outcome).toBe('NEEDS_REVIEW');
    const refundEvent = await prisma.webhookEvent.findFirstOrThrow({
      where: { eventId: refundEventId },
    });
    const processed = await prisma.webhookEvent.create({
      data: { provider: 'STRIPE', eventId: id('evt'), type: 'x', outcome: 'PROCESSED' },
    });
    const decided = await unmatched(checkoutEvent({ amount: 10_000 }));
    await markUnmatchedForRefund(prisma, actor, { webhookEventId: decided.id, note: 'Повернуто.' });

    const before = await writes();
    const cases: Array<[string, () => Promise<unknown>, unknown]> = [
      [
        'unknown account',
        () => attach(actor, fine.id, '1000000016'),
        { code: 'NOT_FOUND', details: { what: 'account' } },
      ],
      [
        'malformed account',
        () => attach(actor, fine.id, '1000000017'),
        { code: 'INVALID_INPUT', details: { field: 'account', problem: 'BAD_CHECK_DIGIT' } },
      ],
      [
        'empty note',
        () => attach(actor, fine.id, debtor.accountNumber, '  \n '),
        { code: 'INVALID_INPUT', details: { field: 'note', problem: 'EMPTY' } },
      ],
      [
        'wrong currency',
        () => attach(actor, dollars.id, debtor.accountNumber),
        { code: 'INVALID_INPUT', details: { field: 'payment', problem: 'WRONG_CURRENCY' } },
      ],
      [
        'no amount',
        () => attach(actor, noAmount.id, debtor.accountNumber),
        { code: 'INVALID_INPUT', details: { field: 'payment', problem: 'NO_AMOUNT' } },
      ],
      [
        'over the limit',
        () => attach(actor, huge.id, debtor.accountNumber),
        { code: 'INVALID_INPUT', details: { field: 'payment', problem: 'OVER_LIMIT' } },
      ],
      [
        'a refund event',
        () => attach(actor, refundEvent.id, debtor.accountNumber),
        { code: 'INVALID_INPUT', details: { field: 'payment', problem: 'NOT_A_PAYMENT' } },
      ],
      [
        'not for review',
        () => attach(actor, processed.id, debtor.accountNumber),
        { code: 'CONFLICT', details: { reason: 'NOT_FOR_REVIEW' } },
      ],
      [
        'already decided',
        () => attach(actor, decided.id, debtor.accountNumber),
        { code: 'CONFLICT', details: { reason: 'ALREADY_DECIDED' } },
      ],
      [
        'no such event',
        () => attach(actor, 2_000_000_000, debtor.accountNumber),
        { code: 'NOT_FOUND', details: { what: 'webhookEvent' } },
      ],
    ];
    for (const [name, run, expected] of cases) {
      expect(await refusal(run()), name).toEqual(expected);
    }
    expect(await writes()).toEqual(before);
    expect(await onList(debtor.accountId)).toBe(true);
  });
});

describe('markUnmatchedForRefund', () => {
  it('marks REFUND once with the note, audited; the refund itself is for the dashboard, and its event is not another review item', async () => {
    const actor = await staff('SUPERVISOR');
    const paymentIntent = id('pi');
    const event = await unmatched(checkoutEvent({ currency: 'usd', amount: 5_000, paymentIntent }));
    const before = await writes();

    const marked = await markUnmatchedForRefund(prisma, actor, {
      webhookEventId: event.id,
      note: ' Оплата в доларах: повернути через Stripe. ',
    });
    expect(marked).toEqual({
      webhookEventId: event.id,
      provider: 'STRIPE',
      eventId: event.eventId,
      providerPaymentId: paymentIntent,
      amountMinor: 5_000,
      currency: 'usd',
      refundVia: 'PROVIDER_DASHBOARD',
    });
    expect(await prisma.webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      review: 'REFUND',
      reviewNote: 'Оплата в доларах: повернути через Stripe.',
      reviewedById: actor.staffUserId,
      attachedAccountId: null,
      paymentId: null,
    });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'payment.refund', targetId: String(event.id) },
    });
    expect(audit).toMatchObject({ staffUserId: actor.staffUserId, accountId: null });
    expect(await writes()).toEqual({
      ...before,
      audits: before.audits + 1,
      decided: before.decided + 1,
    });

    // Once: a second decision of either kind is refused.
    expect(
      await refusal(markUnmatchedForRefund(prisma, actor, { webhookEventId: event.id, note: 'x' })),
    ).toEqual({ code: 'CONFLICT', details: { reason: 'ALREADY_DECIDED' } });
    expect(
      await refusal(markUnmatchedForRefund(prisma, actor, { webhookEventId: event.id, note: '' })),
    ).toEqual({ code: 'INVALID_INPUT', details: { field: 'note', problem: 'EMPTY' } });

    // The refund made in Stripe's dashboard comes back as charge.refunded: acknowledged.
    const refunded = await processStripeEvent(prisma, {
      event: {
        id: id('evt'),
        type: 'charge.refunded',
        created: 0,
        data: {
          object: {
            id: id('ch'),
            amount: 5_000,
            amount_refunded: 5_000,
            currency: 'usd',
            payment_intent: paymentIntent,
          },
        },
      },
      rules: DEFAULT_RULES,
      enqueuePaymentConfirmation,
    });
    expect(refunded.outcome).toBe('IGNORED');
  });

  it('a refund and an attach of one event at once: exactly one decision', async () => {
    const debtor = await debtorOnTheList();
    const event = await unmatched(checkoutEvent({ amount: 20_000 }));
    const results = await Promise.allSettled([
      attach(await staff(), event.id, debtor.accountNumber),
      markUnmatchedForRefund(prisma, await staff(), {
        webhookEventId: event.id,
        note: 'Повернути.',
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const decided = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    const payments = await prisma.payment.count({ where: { accountId: debtor.accountId } });
    expect(payments).toBe(decided.review === 'ATTACHED' ? 1 : 0);
    expect(await prisma.auditLog.count({ where: { targetId: String(event.id) } })).toBe(1);
  });
});
