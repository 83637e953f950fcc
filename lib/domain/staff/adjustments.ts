import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { closeDispute } from '../disputes/staff-disputes';
import { checkMonthCorrection, postAdjustment } from '../ledger/post-ledger-entry';
import { recordAudit } from './audit';
import { requireRole, type StaffActor } from './staff-actor';
import { cleanStaffNote } from './staff-note';

/**
 * Staff corrections of a bill and the four-eyes rule (DESIGN rule 7): a correction whose
 * absolute amount is at most the threshold is posted at once; a larger one is stored as a
 * PENDING request and nothing is posted until a SUPERVISOR (or ADMIN) other than the requester
 * approves it — then the ledger entry (and, for a dispute, its resolution) is written in the
 * approving transaction. The database refuses an approval by the requester too.
 */
export type CorrectionOutcome =
  | { kind: 'POSTED'; ledgerEntryId: bigint; balanceKopecks: number }
  | { kind: 'AWAITING_APPROVAL'; adjustmentRequestId: number };

/** A correction outside any dispute (e.g. a wrong area found by staff). */
export async function correctAccount(
  prisma: PrismaClient,
  actor: StaffActor,
  options: {
    accountId: number;
    amountKopecks: number;
    periodMonth: string | null;
    memo: string;
    approvalKopecks: number;
    rules: BillingRules;
    now?: Date;
  },
): Promise<CorrectionOutcome> {
  requireRole(actor, 'SUPPORT');
  const memo = cleanStaffNote(options.memo, 'the reason');
  if (!Number.isSafeInteger(options.amountKopecks) || options.amountKopecks === 0) {
    throw new AppError('INVALID_INPUT', 'a correction must be a non-zero amount');
  }
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const account = await tx.account.findUnique({
      where: { id: options.accountId },
      select: { id: true },
    });
    if (!account) throw new AppError('NOT_FOUND', 'no such account', { what: 'account' });
    if (Math.abs(options.amountKopecks) > options.approvalKopecks) {
      await checkMonthCorrection(tx, options);
      const request = await tx.adjustmentRequest.create({
        data: {
          accountId: account.id,
          amountKopecks: options.amountKopecks,
          periodMonth: options.periodMonth ? new Date(`${options.periodMonth}-01T00:00:00Z`) : null,
          memo,
          requestedById: actor.staffUserId,
          requestedAt: now,
        },
        select: { id: true },
      });
      await recordAudit(tx, actor, {
        action: 'adjustment.request',
        accountId: account.id,
        targetType: 'adjustment_request',
        targetId: request.id,
        detail: { amountKopecks: options.amountKopecks, periodMonth: options.periodMonth },
      });
      return { kind: 'AWAITING_APPROVAL' as const, adjustmentRequestId: request.id };
    }
    const posted = await postAdjustment(tx, {
      accountId: account.id,
      amountKopecks: options.amountKopecks,
      periodMonth: options.periodMonth,
      memo,
      staffUserId: actor.staffUserId,
      rules: options.rules,
      now,
    });
    await recordAudit(tx, actor, {
      action: 'adjustment.post',
      accountId: account.id,
      targetType: 'ledger_entry',
      targetId: posted.entryId,
      detail: { amountKopecks: options.amountKopecks, periodMonth: options.periodMonth },
    });
    return {
      kind: 'POSTED' as const,
      ledgerEntryId: posted.entryId,
      balanceKopecks: posted.balanceKopecks,
    };
  });
}

export async function listPendingAdjustments(prisma: PrismaClient, actor: StaffActor) {
  requireRole(actor, 'SUPPORT');
  return prisma.adjustmentRequest.findMany({
    where: { status: 'PENDING' },
    orderBy: { requestedAt: 'asc' },
    take: 200,
    include: {
      account: { select: { number: true, holderName: true, balanceKopecks: true } },
      requestedBy: { select: { id: true, name: true } },
      dispute: { select: { id: true, category: true } },
    },
  });
}

async function lockPending(tx: Tx, requestId: number) {
  const [row] = await tx.$queryRaw<
    {
      id: number;
      account_id: number;
      dispute_id: number | null;
      amount_kopecks: number;
      period_month: Date | null;
      memo: string;
      resident_note: string | null;
      status: string;
      requested_by_id: number;
    }[]
  >`SELECT id, account_id, dispute_id, amount_kopecks, period_month, memo, resident_note,
           status::text AS status, requested_by_id
      FROM adjustment_request WHERE id = ${requestId} FOR UPDATE`;
  if (!row) throw new AppError('NOT_FOUND', 'no such adjustment request');
  if (row.status !== 'PENDING')
    throw new AppError('CONFLICT', 'the request has already been decided');
  return row;
}

/** A SUPERVISOR other than the requester approves: posted now, the dispute resolved ACCEPTED. */
export async function approveAdjustment(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { requestId: number; note?: string; rules: BillingRules; now?: Date },
): Promise<{ ledgerEntryId: bigint }> {
  requireRole(actor, 'SUPERVISOR');
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const request = await lockPending(tx, options.requestId);
    if (request.requested_by_id === actor.staffUserId) {
      throw new AppError(
        'FORBIDDEN',
        'a correction is approved by someone other than its requester',
      );
    }
    const periodMonth = request.period_month
      ? request.period_month.toISOString().slice(0, 7)
      : null;
    const correction = { amountKopecks: request.amount_kopecks, periodMonth, memo: request.memo };
    let ledgerEntryId: bigint;
    if (request.dispute_id !== null) {
      const entry = await closeDispute(tx, actor, {
        disputeId: request.dispute_id,
        accountId: request.account_id,
        resolution: 'ACCEPTED',
        note: request.resident_note ?? request.memo,
        correction,
        rules: options.rules,
        now,
      });
      if (entry === null) throw new Error('a correction posts a ledger entry');
      ledgerEntryId = entry;
    } else {
      const posted = await postAdjustment(tx, {
        accountId: request.account_id,
        ...correction,
        staffUserId: request.requested_by_id,
        rules: options.rules,
        now,
      });
      ledgerEntryId = posted.entryId;
    }
    await tx.adjustmentRequest.update({
      where: { id: request.id },
      data: {
        status: 'APPROVED',
        decidedById: actor.staffUserId,
        decidedAt: now,
        decisionNote: options.note?.trim() || null,
        ledgerEntryId,
      },
    });
    await recordAudit(tx, actor, {
      action: 'adjustment.approve',
      accountId: request.account_id,
      targetType: 'adjustment_request',
      targetId: request.id,
      detail: { amountKopecks: request.amount_kopecks, ledgerEntryId: String(ledgerEntryId) },
    });
    return { ledgerEntryId };
  });
}

/**
 * A SUPERVISOR declines (with a reason for the requester), or the requester withdraws their own
 * request. Nothing is posted; a dispute stays open for another answer.
 */
export async function declineAdjustment(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { requestId: number; note: string; now?: Date },
): Promise<'DECLINED' | 'WITHDRAWN'> {
  requireRole(actor, 'SUPPORT');
  const reason = cleanStaffNote(options.note, 'the reason');
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const request = await lockPending(tx, options.requestId);
    const own = request.requested_by_id === actor.staffUserId;
    if (!own) requireRole(actor, 'SUPERVISOR');
    const status = own ? ('WITHDRAWN' as const) : ('DECLINED' as const);
    await tx.adjustmentRequest.update({
      where: { id: request.id },
      data: { status, decidedById: actor.staffUserId, decidedAt: now, decisionNote: reason },
    });
    await recordAudit(tx, actor, {
      action: own ? 'adjustment.withdraw' : 'adjustment.decline',
      accountId: request.account_id,
      targetType: 'adjustment_request',
      targetId: request.id,
    });
    return status;
  });
}
