/**
 * Payment plans (issue 11) on the real PostgreSQL server: a plan that starts at once takes the
 * debtor off the call list in its own transaction (PAYMENT_PLAN in the dialer's feed); on-time
 * payments complete it; a missed instalment breaks it after the grace days and the debtor goes
 * back on the list; a payment during the grace days keeps it; two requests at once give one
 * plan; plans outside the limits wait for staff, who approve, decline or cancel with a reason.
 * The SQL rule and the TypeScript standing agree on every scenario.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { createStaffUser } from '@/test/staff-factories';
import { kyivDay } from '../../dates';
import { getPrisma } from '../../server/db';
import { createLogTransport } from '../../server/sms/transport';
import { isAppError } from '../app-error';
import { evaluateCallList } from '../call-list/evaluate-call-list';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { postAdjustment, postReversal } from '../ledger/post-ledger-entry';
import { bookProviderPayment } from '../payments/book-provider-payment';
import { sendPlanBrokenNotice } from '../sms/send-plan-notice';
import { approvePaymentPlan, cancelPaymentPlan, declinePaymentPlan } from './decide-payment-plan';
import { getPaymentPlan, paidSince } from './payment-plan-state';
import type { PaymentPlanPolicy } from './plan-policy';
import { requestPaymentPlan } from './request-payment-plan';
import { reviewPaymentPlans } from './review-payment-plans';

const prisma = getPrisma();
const rules = DEFAULT_RULES; // grace 10 days
const policy: PaymentPlanPolicy = {
  minInstalments: 3,
  maxInstalments: 12,
  autoMaxKopecks: 1_500_000,
  autoMaxInstalments: 12,
  brokenCooldownMonths: 12,
};
const at = (iso: string) => new Date(iso);
/** 2026-12-01 10:00 Kyiv: the plan's day. Six bills of 500.00 (2026-01 … 06), all overdue. */
const T0 = at('2026-12-01T08:00:00Z');
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

afterAll(async () => {
  await prisma.$disconnect();
});

async function debtorOnList(options: { contactPreference?: 'CALLS' | 'SMS' } = {}) {
  const debtor = await createAccountWithDebt(prisma, {
    months: MONTHS,
    monthlyKopecks: 50_000,
    contactPreference: options.contactPreference,
  });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, asOf: T0, rules }),
  );
  return debtor;
}

const onList = async (accountId: number) =>
  (await prisma.callListEntry.count({ where: { accountId, removedAt: null } })) === 1;

const lastEvent = (accountId: number) =>
  prisma.callListEvent.findFirst({
    where: { accountId },
    orderBy: { id: 'desc' },
    select: { action: true, reason: true },
  });

async function pay(accountId: number, kopecks: number, when: Date) {
  await prisma.$transaction((tx) =>
    bookProviderPayment(
      { tx, now: when, rules, enqueuePaymentConfirmation: async () => {} },
      {
        providerPaymentId: `pi_plan_${randomBytes(8).toString('hex')}`,
        checkoutSessionId: null,
        shares: [{ accountId, amountKopecks: kopecks }],
      },
    ),
  );
}

const notices: number[] = [];
const review = (when: Date) =>
  reviewPaymentPlans(prisma, {
    rules,
    now: when,
    enqueuePlanNotice: async (_tx, job) => {
      notices.push(job.planId);
    },
  });

const request = (
  accountId: number,
  instalments = 6,
  now = T0,
  over: Partial<PaymentPlanPolicy> = {},
) =>
  requestPaymentPlan(prisma, {
    accountId,
    instalments,
    locale: 'uk',
    rules,
    policy: { ...policy, ...over },
    now,
  });

describe('a plan within the limits', () => {
  it('starts at once: 3,000.00 in six instalments of 500.00, off the list with PAYMENT_PLAN in the same transaction', async () => {
    const debtor = await debtorOnList();
    expect(await onList(debtor.accountId)).toBe(true);
    const plan = await request(debtor.accountId);
    expect(plan).toMatchObject({ status: 'ACTIVE', reviewReason: null, callList: 'REMOVED' });
    expect(await onList(debtor.accountId)).toBe(false);
    expect(await lastEvent(debtor.accountId)).toEqual({
      action: 'REMOVED',
      reason: 'PAYMENT_PLAN',
    });
    const view = await getPaymentPlan(prisma, { planId: plan.planId, asOf: T0, rules });
    expect(view?.totalKopecks).toBe(300_000);
    expect(view?.instalments.map((i) => [i.dueDate, i.amountKopecks])).toEqual([
      ['2027-01-01', 50_000],
      ['2027-02-01', 50_000],
      ['2027-03-01', 50_000],
      ['2027-04-01', 50_000],
      ['2027-05-01', 50_000],
      ['2027-06-01', 50_000],
    ]);
    const audit = await prisma.auditLog.findFirst({
      where: { targetType: 'payment_plan', targetId: String(plan.planId) },
    });
    expect(audit).toMatchObject({ actorKind: 'RESIDENT', action: 'payment_plan.start' });
  });

  it('on-time payments keep it, and paying the rest early completes it; the account is then under the ordinary rule', async () => {
    const debtor = await debtorOnList();
    const plan = await request(debtor.accountId);
    await pay(debtor.accountId, 50_000, at('2026-12-20T10:00:00Z'));
    await pay(debtor.accountId, 50_000, at('2027-01-30T10:00:00Z'));
    // (The job reviews every active plan in the database; this one is neither broken nor done.)
    const early = await review(at('2027-02-05T10:00:00Z'));
    expect([...early.broken, ...early.completed]).not.toContain(plan.planId);
    expect(
      (
        await getPaymentPlan(prisma, {
          planId: plan.planId,
          asOf: at('2027-02-05T10:00:00Z'),
          rules,
        })
      )?.standing,
    ).toMatchObject({ kind: 'ON_TRACK', paidKopecks: 100_000, next: { seq: 3 } });
    await pay(debtor.accountId, 200_000, at('2027-02-10T10:00:00Z'));
    const summary = await review(at('2027-02-10T11:00:00Z'));
    expect(summary.completed).toContain(plan.planId);
    const done = await prisma.paymentPlan.findUniqueOrThrow({ where: { id: plan.planId } });
    expect(done.status).toBe('COMPLETED');
    expect(await onList(debtor.accountId)).toBe(false);
    // A second run records nothing more.
    expect((await review(at('2027-02-10T12:00:00Z'))).completed).not.toContain(plan.planId);
  });

  it('a missed instalment breaks the plan after the grace days; the debtor goes back on the list (OVERDUE) and is told', async () => {
    const debtor = await debtorOnList({ contactPreference: 'CALLS' });
    const plan = await request(debtor.accountId);
    // Due 2027-01-01, grace 10 days: still kept on 2027-01-11…
    expect((await review(at('2027-01-11T10:00:00Z'))).broken).not.toContain(plan.planId);
    expect(await onList(debtor.accountId)).toBe(false);
    // …broken on the 12th.
    expect((await review(at('2027-01-12T10:00:00Z'))).broken).toContain(plan.planId);
    const broken = await prisma.paymentPlan.findUniqueOrThrow({ where: { id: plan.planId } });
    expect(broken).toMatchObject({ status: 'BROKEN' });
    expect(broken.endedAt).toEqual(at('2027-01-12T10:00:00Z'));
    expect(await onList(debtor.accountId)).toBe(true);
    expect(await lastEvent(debtor.accountId)).toEqual({ action: 'ADDED', reason: 'OVERDUE' });
    const audit = await prisma.auditLog.findFirst({
      where: {
        targetType: 'payment_plan',
        targetId: String(plan.planId),
        action: 'payment_plan.break',
      },
    });
    expect(audit?.actorKind).toBe('SYSTEM');
    // A CALLS account gets no SMS; the overview says why (standing recorded).
    expect(notices).not.toContain(plan.planId);
  });

  it('an SMS account whose plan breaks is sent the notice (a job in the break’s transaction)', async () => {
    const debtor = await debtorOnList({ contactPreference: 'SMS' });
    const plan = await request(debtor.accountId);
    await review(at('2027-01-12T10:00:00Z'));
    expect(notices).toContain(plan.planId);
    // The job then sends it once, naming the instalment missed.
    const sent: string[] = [];
    const transport = createLogTransport(() => {});
    const capturing = {
      ...transport,
      async send(to: string, body: string) {
        sent.push(body);
        return transport.send(to, body);
      },
    };
    const notice = () =>
      sendPlanBrokenNotice(prisma, { planId: plan.planId, transport: capturing, rules });
    expect(await notice()).toBe('SENT');
    expect(await notice()).toBe('ALREADY_SENT');
    expect(sent).toEqual(['Розстрочку розірвано: 500,00 грн до 01.01 не сплачено.']);
  });

  it('a payment during the grace days keeps the plan', async () => {
    const debtor = await debtorOnList();
    const plan = await request(debtor.accountId);
    await pay(debtor.accountId, 50_000, at('2027-01-10T10:00:00Z'));
    expect((await review(at('2027-01-12T10:00:00Z'))).broken).not.toContain(plan.planId);
    expect(
      (await prisma.paymentPlan.findUniqueOrThrow({ where: { id: plan.planId } })).status,
    ).toBe('ACTIVE');
    expect(await onList(debtor.accountId)).toBe(false);
  });

  it('two requests at once for one account give one plan; the other is refused', async () => {
    const debtor = await debtorOnList();
    const outcomes = await Promise.allSettled([
      request(debtor.accountId, 6),
      request(debtor.accountId, 3),
    ]);
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter(
      (o) =>
        o.status === 'rejected' &&
        isAppError(o.reason, 'CONFLICT') &&
        o.reason.details?.reason === 'PLAN_EXISTS',
    );
    expect(fulfilled).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(await prisma.paymentPlan.count({ where: { accountId: debtor.accountId } })).toBe(1);
  });

  it('refuses a count out of range and an account with nothing overdue, writing nothing', async () => {
    const debtor = await debtorOnList();
    for (const n of [2, 13, 6.5]) {
      await expect(request(debtor.accountId, n)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: { field: 'instalments', problem: 'OUT_OF_RANGE' },
      });
    }
    const paidUp = await createAccountWithDebt(prisma, { months: [], monthlyKopecks: 50_000 });
    await expect(request(paidUp.accountId)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'NOTHING_OVERDUE' },
    });
    expect(
      await prisma.paymentPlan.count({
        where: { accountId: { in: [debtor.accountId, paidUp.accountId] } },
      }),
    ).toBe(0);
  });
});

describe('the kept paid amount', () => {
  it('follows every credit (payment, refund, credit correction), not accruals or month corrections, and equals the ledger’s', async () => {
    const debtor = await debtorOnList();
    const plan = await request(debtor.accountId);
    const kept = async () =>
      Number(
        (await prisma.paymentPlan.findUniqueOrThrow({ where: { id: plan.planId } })).paidKopecks,
      );
    const fromLedger = async () => {
      const row = await prisma.paymentPlan.findUniqueOrThrow({ where: { id: plan.planId } });
      return paidSince(prisma, debtor.accountId, row.creditsBaseKopecks);
    };
    await pay(debtor.accountId, 70_000, at('2026-12-05T10:00:00Z'));
    expect(await kept()).toBe(70_000);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({
      where: { accountId: debtor.accountId, kind: 'PAYMENT' },
      orderBy: { id: 'desc' },
    });
    await prisma.$transaction(async (tx) => {
      await postReversal(tx, {
        accountId: debtor.accountId,
        reversesEntryId: entry.id,
        amountKopecks: 20_000,
        memo: 'refund',
        now: at('2026-12-06T10:00:00Z'),
        rules,
      });
      await postAdjustment(tx, {
        accountId: debtor.accountId,
        amountKopecks: -5_000,
        memo: 'goodwill credit',
        now: at('2026-12-06T10:00:00Z'),
        rules,
      });
      // A correction of a month's bill lowers the debt, not "paid".
      await postAdjustment(tx, {
        accountId: debtor.accountId,
        amountKopecks: -1_000,
        memo: 'area corrected',
        periodMonth: '2026-02',
        now: at('2026-12-06T10:00:00Z'),
        rules,
      });
      // A charge (a positive adjustment) is a debit: nothing paid.
      await postAdjustment(tx, {
        accountId: debtor.accountId,
        amountKopecks: 3_000,
        memo: 'charge',
        now: at('2026-12-06T10:00:00Z'),
        rules,
      });
    });
    expect(await kept()).toBe(70_000 - 20_000 + 5_000);
    expect(await fromLedger()).toBe(await kept());
    // Once the plan has ended, nothing is added any more.
    const support = await createStaffUser(prisma, 'SUPPORT');
    await cancelPaymentPlan(prisma, support, { planId: plan.planId, note: 'тест', rules });
    await pay(debtor.accountId, 10_000, at('2026-12-07T10:00:00Z'));
    expect(await kept()).toBe(55_000);
  });
});

describe('plans outside the limits wait for staff', () => {
  it('over the amount: PENDING, still called; SUPPORT approves → off the list, dates from the approval', async () => {
    const debtor = await debtorOnList();
    const plan = await request(debtor.accountId, 6, T0, { autoMaxKopecks: 100_000 });
    expect(plan).toMatchObject({
      status: 'PENDING',
      reviewReason: 'AMOUNT',
      callList: 'UNCHANGED',
    });
    expect(await onList(debtor.accountId)).toBe(true);
    const support = await createStaffUser(prisma, 'SUPPORT');
    const approved = await approvePaymentPlan(prisma, support, {
      planId: plan.planId,
      rules,
      now: at('2026-12-03T10:00:00Z'),
    });
    expect(approved.callList).toBe('REMOVED');
    expect(await lastEvent(debtor.accountId)).toEqual({
      action: 'REMOVED',
      reason: 'PAYMENT_PLAN',
    });
    const view = await getPaymentPlan(prisma, { planId: plan.planId, rules });
    expect(view?.instalments[0]?.dueDate).toBe('2027-01-03');
    await expect(
      approvePaymentPlan(prisma, support, { planId: plan.planId, rules }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'PLAN_NOT_PENDING' } });
  });

  it('declined with a reason the resident sees; a reason is required', async () => {
    const debtor = await debtorOnList();
    const plan = await request(debtor.accountId, 12, T0, { autoMaxInstalments: 6 });
    expect(plan.reviewReason).toBe('INSTALMENTS');
    const support = await createStaffUser(prisma, 'SUPPORT');
    await expect(
      declinePaymentPlan(prisma, support, { planId: plan.planId, note: '  ' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await declinePaymentPlan(prisma, support, {
      planId: plan.planId,
      note: 'Оберіть до 6 місяців.',
    });
    const row = await prisma.paymentPlan.findUniqueOrThrow({ where: { id: plan.planId } });
    expect(row).toMatchObject({ status: 'DECLINED', decisionNote: 'Оберіть до 6 місяців.' });
    expect(await onList(debtor.accountId)).toBe(true);
    // Declined, a new request may be made.
    expect((await request(debtor.accountId, 6)).status).toBe('ACTIVE');
  });

  it('a plan broken in the last 12 months sends the next one to staff', async () => {
    const debtor = await debtorOnList();
    const first = await request(debtor.accountId);
    await review(at('2027-01-12T10:00:00Z'));
    expect(
      (await prisma.paymentPlan.findUniqueOrThrow({ where: { id: first.planId } })).status,
    ).toBe('BROKEN');
    const second = await request(debtor.accountId, 6, at('2027-02-01T10:00:00Z'));
    expect(second).toMatchObject({ status: 'PENDING', reviewReason: 'RECENTLY_BROKEN' });
  });

  it('SUPPORT cancels an active plan with a reason: back on the list at once', async () => {
    const debtor = await debtorOnList();
    const plan = await request(debtor.accountId);
    const support = await createStaffUser(prisma, 'SUPPORT');
    const cancelled = await cancelPaymentPlan(prisma, support, {
      planId: plan.planId,
      note: 'Помилка в сумі.',
      rules,
      now: at('2026-12-02T10:00:00Z'),
    });
    expect(cancelled.callList).toBe('ADDED');
    expect(await onList(debtor.accountId)).toBe(true);
    const audit = await prisma.auditLog.findFirst({
      where: {
        targetType: 'payment_plan',
        targetId: String(plan.planId),
        action: 'payment_plan.cancel',
      },
    });
    expect(audit?.staffUserId).toBe(support.staffUserId);
  });
});

describe('the SQL rule and the TypeScript standing agree', () => {
  it('on every scenario and day: PAYMENT_PLAN exactly when the standing is ON_TRACK', async () => {
    // Plans with 0, one instalment, one kopeck short, two, everything paid; judged each day.
    const payments = [0, 50_000, 49_999, 100_000, 300_000, 25_000];
    const days = [
      '2026-12-15',
      '2027-01-01',
      '2027-01-11',
      '2027-01-12',
      '2027-02-11',
      '2027-02-12',
      '2027-06-20',
    ];
    let compared = 0;
    for (const paid of payments) {
      const debtor = await debtorOnList();
      const plan = await request(debtor.accountId);
      if (paid > 0) await pay(debtor.accountId, paid, at('2026-12-10T10:00:00Z'));
      for (const day of days) {
        const asOf = at(`${day}T10:00:00Z`);
        expect(kyivDay(asOf)).toBe(day);
        const view = await getPaymentPlan(prisma, { planId: plan.planId, asOf, rules });
        const evaluation = await evaluateCallList(prisma, {
          accountId: debtor.accountId,
          asOf,
          rules,
        });
        const kept = view?.standing?.kind === 'ON_TRACK' && evaluation.overdue > 0;
        expect(evaluation.reason === 'PAYMENT_PLAN', `paid ${paid} on ${day}`).toBe(kept);
        compared += 1;
      }
    }
    expect(compared).toBe(payments.length * days.length);
  });
});
