import 'server-only';
import { kyivDay } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { getPaymentPlan } from './payment-plan-state';
import { planPaidSql } from './plan-paid-sql';
import type { Instalment } from './plan-schedule';
import { paymentPlanStanding } from './plan-standing';

/** Enqueues the "your plan was broken" SMS in the transaction that records the break. */
export type EnqueuePlanNotice = (tx: Tx, job: { planId: number }) => Promise<void>;

export type PlanReviewSummary = { active: number; broken: number[]; completed: number[] };

type ActiveRow = {
  id: number;
  account_id: number;
  total_kopecks: number;
  paid: bigint;
};

/**
 * The plans job (pg-boss, hourly): records what time and payments have made of each ACTIVE
 * plan, by the same standing the call-list rule applies (plan-standing.ts):
 * - paid off → COMPLETED;
 * - an instalment unpaid past its grace days → BROKEN, and the account is re-evaluated in the
 *   same transaction (over three months behind, it goes back on the list, reason OVERDUE in
 *   the dialer's feed); a resident who chose SMS is told by SMS (a job enqueued in that
 *   transaction); the overview says why.
 * Every plan is decided again under its account's row lock, so a payment that lands meanwhile
 * is counted. Idempotent: a second run finds nothing to record.
 */
export async function reviewPaymentPlans(
  prisma: PrismaClient,
  options: { rules: BillingRules; enqueuePlanNotice: EnqueuePlanNotice; now?: Date },
): Promise<PlanReviewSummary> {
  const now = options.now ?? new Date();
  const today = kyivDay(now);
  // What every active plan has paid, in one statement (credits now − credits at the request).
  const rows = await prisma.$queryRawUnsafe<ActiveRow[]>(
    `SELECT pp.id, pp.account_id, pp.total_kopecks,
            ${planPaidSql('pp')}::bigint AS paid
       FROM payment_plan pp JOIN account a ON a.id = pp.account_id
      WHERE pp.status = 'ACTIVE'
      ORDER BY pp.id`,
  );
  const instalments = await prisma.paymentPlanInstalment.findMany({
    where: { plan: { status: 'ACTIVE' } },
    select: { planId: true, seq: true, dueDate: true, amountKopecks: true },
  });
  const byPlan = new Map<number, Instalment[]>();
  for (const i of instalments) {
    const list = byPlan.get(i.planId) ?? [];
    list.push({
      seq: i.seq,
      dueDate: i.dueDate.toISOString().slice(0, 10),
      amountKopecks: i.amountKopecks,
    });
    byPlan.set(i.planId, list);
  }
  const summary: PlanReviewSummary = { active: rows.length, broken: [], completed: [] };
  for (const row of rows) {
    const standing = paymentPlanStanding({
      instalments: byPlan.get(row.id) ?? [],
      paidKopecks: Number(row.paid),
      today,
      graceDays: options.rules.paymentPlanGraceDays,
    });
    if (standing.kind === 'ON_TRACK') continue;
    const outcome = await recordOutcome(prisma, row.id, { ...options, now });
    if (outcome === 'BROKEN') summary.broken.push(row.id);
    if (outcome === 'COMPLETED') summary.completed.push(row.id);
  }
  return summary;
}

async function recordOutcome(
  prisma: PrismaClient,
  planId: number,
  options: { rules: BillingRules; enqueuePlanNotice: EnqueuePlanNotice; now: Date },
): Promise<'BROKEN' | 'COMPLETED' | null> {
  return prisma.$transaction(async (tx) => {
    const head = await tx.paymentPlan.findUniqueOrThrow({
      where: { id: planId },
      select: { accountId: true },
    });
    await tx.$queryRawUnsafe('SELECT id FROM account WHERE id = $1 FOR UPDATE', head.accountId);
    const plan = await getPaymentPlan(tx, { planId, asOf: options.now, rules: options.rules });
    if (plan?.status !== 'ACTIVE' || !plan.standing) return null;
    if (plan.standing.kind === 'ON_TRACK') return null;
    const status = plan.standing.kind === 'BROKEN' ? 'BROKEN' : 'COMPLETED';
    await tx.paymentPlan.update({ where: { id: planId }, data: { status, endedAt: options.now } });
    await tx.auditLog.create({
      data: {
        actorKind: 'SYSTEM',
        action: status === 'BROKEN' ? 'payment_plan.break' : 'payment_plan.complete',
        accountId: plan.accountId,
        targetType: 'payment_plan',
        targetId: String(planId),
        detail:
          plan.standing.kind === 'BROKEN'
            ? {
                instalment: plan.standing.missed.seq,
                dueDate: plan.standing.missed.dueDate,
                leftKopecks: plan.standing.missed.leftKopecks,
                paidKopecks: plan.standing.paidKopecks,
              }
            : { paidKopecks: plan.standing.paidKopecks },
      },
    });
    await refreshCallListEntry(tx, {
      accountId: plan.accountId,
      asOf: options.now,
      rules: options.rules,
    });
    if (status === 'BROKEN') {
      const account = await tx.account.findUniqueOrThrow({
        where: { id: plan.accountId },
        select: { contactPreference: true },
      });
      if (account.contactPreference === 'SMS') await options.enqueuePlanNotice(tx, { planId });
    }
    return status;
  });
}
