import 'server-only';
import { kyivDay } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { cleanStaffNote } from '../staff/staff-note';
import { instalmentDueDates } from './plan-schedule';

/** Locks the plan (and its account, first, as every plan change does) and reads its status. */
async function lockPlan(tx: Tx, planId: number) {
  const plan = await tx.paymentPlan.findUnique({
    where: { id: planId },
    select: { id: true, accountId: true },
  });
  if (!plan) throw new AppError('NOT_FOUND', 'no such payment plan', { what: 'paymentPlan' });
  await tx.$queryRawUnsafe('SELECT id FROM account WHERE id = $1 FOR UPDATE', plan.accountId);
  return tx.paymentPlan.findUniqueOrThrow({
    where: { id: planId },
    select: { id: true, accountId: true, status: true, instalmentCount: true },
  });
}

/**
 * SUPPORT approves a plan that waited for review: it starts now, its due dates counted from
 * today (the amounts stay as the resident agreed them), and the call list is re-evaluated in
 * the same transaction (PAYMENT_PLAN). Audited. Throws NOT_FOUND, CONFLICT (PLAN_NOT_PENDING:
 * decided already, or withdrawn), FORBIDDEN.
 */
export async function approvePaymentPlan(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { planId: number; rules: BillingRules; now?: Date },
): Promise<{ callList: CallListChange }> {
  requireRole(actor, 'SUPPORT');
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const plan = await lockPlan(tx, options.planId);
    if (plan.status !== 'PENDING') {
      throw new AppError('CONFLICT', 'this plan is not waiting for a decision', {
        reason: 'PLAN_NOT_PENDING',
      });
    }
    const dates = instalmentDueDates(kyivDay(now), plan.instalmentCount);
    for (const [index, dueDate] of dates.entries()) {
      await tx.paymentPlanInstalment.update({
        where: { planId_seq: { planId: plan.id, seq: index + 1 } },
        data: { dueDate: new Date(`${dueDate}T00:00:00Z`) },
      });
    }
    await tx.paymentPlan.update({
      where: { id: plan.id },
      data: { status: 'ACTIVE', startedAt: now, decidedById: actor.staffUserId, decidedAt: now },
    });
    await recordAudit(tx, actor, {
      action: 'payment_plan.approve',
      accountId: plan.accountId,
      targetType: 'payment_plan',
      targetId: plan.id,
    });
    const refreshed = await refreshCallListEntry(tx, {
      accountId: plan.accountId,
      asOf: now,
      rules: options.rules,
    });
    return { callList: refreshed.change };
  });
}

/**
 * SUPPORT declines a plan that waited for review, with a reason the resident sees. Nothing else
 * changes (a pending plan never kept anyone off the list). Audited.
 */
export async function declinePaymentPlan(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { planId: number; note: string; now?: Date },
): Promise<void> {
  requireRole(actor, 'SUPPORT');
  const note = cleanStaffNote(options.note, 'a reason');
  const now = options.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    const plan = await lockPlan(tx, options.planId);
    if (plan.status !== 'PENDING') {
      throw new AppError('CONFLICT', 'this plan is not waiting for a decision', {
        reason: 'PLAN_NOT_PENDING',
      });
    }
    await tx.paymentPlan.update({
      where: { id: plan.id },
      data: {
        status: 'DECLINED',
        endedAt: now,
        decidedById: actor.staffUserId,
        decidedAt: now,
        decisionNote: note,
      },
    });
    await recordAudit(tx, actor, {
      action: 'payment_plan.decline',
      accountId: plan.accountId,
      targetType: 'payment_plan',
      targetId: plan.id,
      detail: { note },
    });
  });
}

/**
 * SUPPORT cancels a live plan (pending or active), with a reason the resident sees: the
 * account falls under the ordinary rule again, re-evaluated in the same transaction (a debtor
 * over the threshold goes back on the list). Audited. Returns the plan's account. Throws
 * CONFLICT (PLAN_NOT_LIVE).
 */
export async function cancelPaymentPlan(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { planId: number; note: string; rules: BillingRules; now?: Date },
): Promise<{ accountId: number; callList: CallListChange }> {
  requireRole(actor, 'SUPPORT');
  const note = cleanStaffNote(options.note, 'a reason');
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const plan = await lockPlan(tx, options.planId);
    if (plan.status !== 'PENDING' && plan.status !== 'ACTIVE') {
      throw new AppError('CONFLICT', 'this plan has ended already', { reason: 'PLAN_NOT_LIVE' });
    }
    await tx.paymentPlan.update({
      where: { id: plan.id },
      data: {
        status: 'CANCELLED',
        endedAt: now,
        decidedById: actor.staffUserId,
        decidedAt: now,
        decisionNote: note,
      },
    });
    await recordAudit(tx, actor, {
      action: 'payment_plan.cancel',
      accountId: plan.accountId,
      targetType: 'payment_plan',
      targetId: plan.id,
      detail: { note },
    });
    const refreshed = await refreshCallListEntry(tx, {
      accountId: plan.accountId,
      asOf: now,
      rules: options.rules,
    });
    return { accountId: plan.accountId, callList: refreshed.change };
  });
}

export type PendingPlan = {
  id: number;
  accountId: number;
  accountNumber: string;
  holderName: string;
  totalKopecks: number;
  instalmentCount: number;
  reviewReason: string | null;
  requestedAt: Date;
};

/** The staff queue: plans waiting for a decision, oldest first (SUPPORT or higher). */
export async function listPendingPaymentPlans(
  prisma: PrismaClient,
  actor: StaffActor,
): Promise<PendingPlan[]> {
  requireRole(actor, 'SUPPORT');
  const rows = await prisma.paymentPlan.findMany({
    where: { status: 'PENDING' },
    orderBy: { requestedAt: 'asc' },
    take: 200,
    select: {
      id: true,
      accountId: true,
      totalKopecks: true,
      instalmentCount: true,
      reviewReason: true,
      requestedAt: true,
      account: { select: { number: true, holderName: true } },
    },
  });
  return rows.map(({ account, ...row }) => ({
    ...row,
    accountNumber: account.number,
    holderName: account.holderName,
  }));
}
