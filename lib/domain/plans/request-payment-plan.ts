import 'server-only';
import { kyivDay } from '../../dates';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient, Tx } from '../../server/db';
import type { PaymentPlanStatus } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';
import { getAccountArrears } from '../arrears/get-account-arrears';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { currentCredits } from './payment-plan-state';
import { type PaymentPlanPolicy, type PlanReviewReason, planReviewReason } from './plan-policy';
import { planSchedule } from './plan-schedule';

export type PlanOffer = {
  /** The overdue debt a plan would cover now (0: nothing to spread). */
  overdueKopecks: number;
  /**
   * Whether there is a plan to offer: every choice up to the policy's longest must leave each
   * instalment at least a kopeck (a debt of a few kopecks is not spread; it is simply paid).
   */
  offerable: boolean;
  /** Whether a plan of this many instalments would start at once, or wait for staff (why). */
  reviewReasonFor: (instalments: number) => PlanReviewReason | null;
  brokenRecently: boolean;
};

/** Locks the account and reads what a plan would cover and whether one was broken lately. */
async function offerInTx(
  tx: Tx | PrismaClient,
  options: { accountId: number; now: Date; rules: BillingRules; policy: PaymentPlanPolicy },
): Promise<PlanOffer> {
  const account = await tx.account.findUniqueOrThrow({
    where: { id: options.accountId },
    select: { balanceKopecks: true },
  });
  const arrears = await getAccountArrears(tx, {
    accountId: options.accountId,
    balance: account.balanceKopecks,
    asOf: options.now,
    rules: options.rules,
  });
  const since = new Date(options.now);
  since.setUTCMonth(since.getUTCMonth() - options.policy.brokenCooldownMonths);
  const broken = await tx.paymentPlan.count({
    where: { accountId: options.accountId, status: 'BROKEN', endedAt: { gt: since } },
  });
  const overdueKopecks = arrears.overdue;
  return {
    overdueKopecks,
    offerable: overdueKopecks >= options.policy.maxInstalments,
    brokenRecently: broken > 0,
    reviewReasonFor: (instalments) =>
      planReviewReason(
        { totalKopecks: overdueKopecks, instalments, brokenRecently: broken > 0 },
        options.policy,
      ),
  };
}

/** What the plan page offers: the overdue amount and, per choice, start-now or staff review. */
export function getPlanOffer(
  prisma: PrismaClient,
  options: { accountId: number; now?: Date; rules: BillingRules; policy: PaymentPlanPolicy },
): Promise<PlanOffer> {
  return offerInTx(prisma, { ...options, now: options.now ?? new Date() });
}

export type RequestedPlan = {
  planId: number;
  status: Extract<PaymentPlanStatus, 'ACTIVE' | 'PENDING'>;
  reviewReason: PlanReviewReason | null;
  /** The call-list change of a plan that started (REMOVED when it took the number off). */
  callList: CallListChange;
};

/**
 * A resident agrees a plan (issue 11): the account's overdue debt now, in `instalments`
 * monthly instalments (policy.minInstalments…maxInstalments), the first due a month from
 * today. In ONE transaction under the account's row lock: the plan and its schedule; within the
 * policy's limits it starts at once and the call list is re-evaluated in the same transaction
 * (PAYMENT_PLAN takes the number off, and the dialer's feed says so); otherwise it waits for
 * SUPPORT (PENDING, with why). The request is audited as the resident's.
 *
 * Throws INVALID_INPUT (`instalments` OUT_OF_RANGE), CONFLICT (NOTHING_OVERDUE, PLAN_EXISTS:
 * a live plan already exists, which the database's partial unique key also guarantees when
 * two requests race).
 */
export async function requestPaymentPlan(
  prisma: PrismaClient,
  options: {
    accountId: number;
    instalments: number;
    locale: Locale;
    rules: BillingRules;
    policy: PaymentPlanPolicy;
    now?: Date;
  },
): Promise<RequestedPlan> {
  const { policy } = options;
  if (
    !Number.isInteger(options.instalments) ||
    options.instalments < policy.minInstalments ||
    options.instalments > policy.maxInstalments
  ) {
    throw new AppError('INVALID_INPUT', 'instalments out of range', {
      field: 'instalments',
      problem: 'OUT_OF_RANGE',
    });
  }
  const now = options.now ?? new Date();
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(
        'SELECT id FROM account WHERE id = $1 FOR UPDATE',
        options.accountId,
      );
      const live = await tx.paymentPlan.count({
        where: { accountId: options.accountId, endedAt: null },
      });
      if (live > 0) {
        throw new AppError('CONFLICT', 'this account already has a payment plan', {
          reason: 'PLAN_EXISTS',
        });
      }
      const offer = await offerInTx(tx, { ...options, now });
      if (offer.overdueKopecks < options.instalments) {
        throw new AppError('CONFLICT', 'nothing overdue to spread over instalments', {
          reason: 'NOTHING_OVERDUE',
        });
      }
      const reviewReason = offer.reviewReasonFor(options.instalments);
      const status = reviewReason ? 'PENDING' : 'ACTIVE';
      const schedule = planSchedule(offer.overdueKopecks, options.instalments, kyivDay(now));
      const plan = await tx.paymentPlan.create({
        data: {
          accountId: options.accountId,
          status,
          totalKopecks: offer.overdueKopecks,
          instalmentCount: options.instalments,
          creditsBaseKopecks: BigInt(await currentCredits(tx, options.accountId)),
          locale: options.locale,
          requestedAt: now,
          startedAt: status === 'ACTIVE' ? now : null,
          reviewReason,
          instalments: {
            create: schedule.map((i) => ({
              seq: i.seq,
              dueDate: new Date(`${i.dueDate}T00:00:00Z`),
              amountKopecks: i.amountKopecks,
            })),
          },
        },
        select: { id: true },
      });
      await tx.auditLog.create({
        data: {
          actorKind: 'RESIDENT',
          action: status === 'ACTIVE' ? 'payment_plan.start' : 'payment_plan.request',
          accountId: options.accountId,
          targetType: 'payment_plan',
          targetId: String(plan.id),
          detail: {
            totalKopecks: offer.overdueKopecks,
            instalments: options.instalments,
            reviewReason,
          },
        },
      });
      const refreshed =
        status === 'ACTIVE'
          ? await refreshCallListEntry(tx, {
              accountId: options.accountId,
              asOf: now,
              rules: options.rules,
            })
          : null;
      return {
        planId: plan.id,
        status,
        reviewReason,
        callList: refreshed?.change ?? 'UNCHANGED',
      };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
