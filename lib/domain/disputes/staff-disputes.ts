import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { checkMonthCorrection, postAdjustment } from '../ledger/post-ledger-entry';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { MAX_DISPUTE_TEXT, MAX_STAFF_NOTE } from '../staff/staff-policy';

/**
 * The staff side of a dispute (DESIGN rule 7): the queue, assignment, replies and resolution.
 * An OPEN or IN_REVIEW dispute keeps the account off the call list (DISPUTE_OPEN, the call-list
 * rule); resolving it re-evaluates the account in the same transaction, so the pause is lifted
 * and the rule decides what happens next. ACCEPTED may carry a correction of the bill: posted at
 * once up to the four-eyes threshold, otherwise kept as an adjustment request that a SUPERVISOR
 * other than the requester approves (lib/domain/staff/adjustments.ts) — until then the dispute
 * stays open and nothing is posted.
 */
export type DisputeQueueFilter = 'open' | 'mine' | 'unassigned' | 'overdue' | 'resolved';

export type DisputeQueueRow = {
  id: number;
  accountId: number;
  accountNumber: string;
  holderName: string;
  category: string;
  status: string;
  createdAt: Date;
  dueOn: string | null;
  assignedTo: string | null;
  pendingAdjustment: boolean;
  lastMessageAt: Date | null;
};

export async function listDisputeQueue(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { filter: DisputeQueueFilter; page: number; pageSize: number; today: string },
): Promise<{ rows: DisputeQueueRow[]; hasMore: boolean }> {
  requireRole(actor, 'SUPPORT');
  const open = { status: { in: ['OPEN', 'IN_REVIEW'] as ('OPEN' | 'IN_REVIEW')[] } };
  const where =
    options.filter === 'resolved'
      ? { status: 'RESOLVED' as const }
      : options.filter === 'mine'
        ? { ...open, assignedToId: actor.staffUserId }
        : options.filter === 'unassigned'
          ? { ...open, assignedToId: null }
          : options.filter === 'overdue'
            ? { ...open, dueOn: { lt: new Date(`${options.today}T00:00:00Z`) } }
            : open;
  const rows = await prisma.dispute.findMany({
    where,
    orderBy:
      options.filter === 'resolved'
        ? [{ resolvedAt: 'desc' }, { id: 'desc' }]
        : [{ dueOn: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    skip: (options.page - 1) * options.pageSize,
    take: options.pageSize + 1,
    select: {
      id: true,
      accountId: true,
      category: true,
      status: true,
      createdAt: true,
      dueOn: true,
      account: { select: { number: true, holderName: true } },
      assignedTo: { select: { name: true } },
      adjustmentRequests: { where: { status: 'PENDING' }, select: { id: true } },
      messages: { orderBy: { createdAt: 'desc' }, take: 1, select: { createdAt: true } },
    },
  });
  return {
    hasMore: rows.length > options.pageSize,
    rows: rows.slice(0, options.pageSize).map((row) => ({
      id: row.id,
      accountId: row.accountId,
      accountNumber: row.account.number,
      holderName: row.account.holderName,
      category: row.category,
      status: row.status,
      createdAt: row.createdAt,
      dueOn: row.dueOn ? row.dueOn.toISOString().slice(0, 10) : null,
      assignedTo: row.assignedTo?.name ?? null,
      pendingAdjustment: row.adjustmentRequests.length > 0,
      lastMessageAt: row.messages[0]?.createdAt ?? null,
    })),
  };
}

/** The dispute with its thread and requests, for the console (audited by the caller's page). */
export async function getDisputeForStaff(
  prisma: PrismaClient,
  actor: StaffActor,
  disputeId: number,
) {
  requireRole(actor, 'SUPPORT');
  return prisma.dispute.findUnique({
    where: { id: disputeId },
    include: {
      account: {
        select: {
          id: true,
          number: true,
          holderName: true,
          balanceKopecks: true,
          preferredLocale: true,
        },
      },
      payment: {
        select: {
          id: true,
          receiptNumber: true,
          amountKopecks: true,
          provider: true,
          providerPaymentId: true,
        },
      },
      assignedTo: { select: { id: true, name: true } },
      resolvedBy: { select: { name: true } },
      messages: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          authorKind: true,
          body: true,
          createdAt: true,
          staffUser: { select: { name: true } },
        },
      },
      adjustmentRequests: {
        orderBy: { requestedAt: 'desc' },
        include: { requestedBy: { select: { name: true } }, decidedBy: { select: { name: true } } },
      },
    },
  });
}

function cleanText(value: string, max: number, what: string): string {
  const text = value.replace(/\r\n/g, '\n').trim();
  if (text === '') throw new AppError('INVALID_INPUT', `${what} is empty`);
  if (text.length > max)
    throw new AppError('INVALID_INPUT', `${what} is longer than ${max} characters`);
  return text;
}

/** Locks an unresolved dispute for a change; NOT_FOUND / CONFLICT (already resolved) otherwise. */
async function lockUnresolved(tx: Tx, disputeId: number) {
  const [row] = await tx.$queryRaw<{ id: number; account_id: number; status: string }[]>`
    SELECT id, account_id, status::text AS status FROM dispute WHERE id = ${disputeId} FOR UPDATE`;
  if (!row) throw new AppError('NOT_FOUND', 'no such dispute');
  if (row.status === 'RESOLVED') throw new AppError('CONFLICT', 'the dispute is already resolved');
  return { id: row.id, accountId: row.account_id, status: row.status };
}

/** Takes the dispute (or hands it to another SUPPORT+ colleague); OPEN becomes IN_REVIEW. */
export async function assignDispute(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { disputeId: number; assigneeId?: number },
): Promise<void> {
  requireRole(actor, 'SUPPORT');
  const assigneeId = options.assigneeId ?? actor.staffUserId;
  await prisma.$transaction(async (tx) => {
    const dispute = await lockUnresolved(tx, options.disputeId);
    const assignee = await tx.staffUser.findUnique({
      where: { id: assigneeId },
      select: { active: true },
    });
    if (!assignee?.active) throw new AppError('INVALID_INPUT', 'no such active staff member');
    await tx.dispute.update({
      where: { id: dispute.id },
      data: { assignedToId: assigneeId, status: 'IN_REVIEW' },
    });
    await recordAudit(tx, actor, {
      action: 'dispute.assign',
      accountId: dispute.accountId,
      targetType: 'dispute',
      targetId: dispute.id,
      detail: { assigneeId },
    });
  });
}

/** A reply the resident reads on the dispute's page; OPEN becomes IN_REVIEW. */
export async function replyToDispute(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { disputeId: number; body: string },
): Promise<void> {
  requireRole(actor, 'SUPPORT');
  const body = cleanText(options.body, MAX_DISPUTE_TEXT, 'the reply');
  await prisma.$transaction(async (tx) => {
    const dispute = await lockUnresolved(tx, options.disputeId);
    await tx.disputeMessage.create({
      data: { disputeId: dispute.id, authorKind: 'STAFF', staffUserId: actor.staffUserId, body },
    });
    if (dispute.status === 'OPEN') {
      await tx.dispute.update({
        where: { id: dispute.id },
        data: { status: 'IN_REVIEW', assignedToId: actor.staffUserId },
      });
    }
    await recordAudit(tx, actor, {
      action: 'dispute.reply',
      accountId: dispute.accountId,
      targetType: 'dispute',
      targetId: dispute.id,
    });
  });
}

export type Correction = { amountKopecks: number; periodMonth: string | null; memo: string };

export type ResolveOutcome =
  | { kind: 'RESOLVED'; resolution: 'ACCEPTED' | 'REJECTED'; ledgerEntryId: bigint | null }
  | { kind: 'AWAITING_APPROVAL'; adjustmentRequestId: number };

/**
 * Resolves a dispute. REJECTED needs the reason the resident will read. ACCEPTED may carry a
 * correction (negative credits the resident); above `approvalKopecks` it becomes a request
 * for a SUPERVISOR and the dispute stays open. Two staff resolving at once: one wins, the other
 * gets CONFLICT (the row lock and the status check), and nothing of theirs is written.
 */
export async function resolveDispute(
  prisma: PrismaClient,
  actor: StaffActor,
  options: {
    disputeId: number;
    resolution: 'ACCEPTED' | 'REJECTED';
    note: string;
    correction?: Correction | null;
    approvalKopecks: number;
    rules: BillingRules;
    now?: Date;
  },
): Promise<ResolveOutcome> {
  requireRole(actor, 'SUPPORT');
  const note = cleanText(options.note, MAX_STAFF_NOTE, 'the answer to the resident');
  const correction = options.resolution === 'ACCEPTED' ? (options.correction ?? null) : null;
  if (options.resolution === 'REJECTED' && options.correction) {
    throw new AppError('INVALID_INPUT', 'a rejected dispute carries no correction');
  }
  if (correction) {
    if (!Number.isSafeInteger(correction.amountKopecks) || correction.amountKopecks === 0) {
      throw new AppError('INVALID_INPUT', 'a correction must be a non-zero amount');
    }
    cleanText(correction.memo, MAX_STAFF_NOTE, 'the correction memo');
  }
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const dispute = await lockUnresolved(tx, options.disputeId);
    const pending = await tx.adjustmentRequest.findFirst({
      where: { disputeId: dispute.id, status: 'PENDING' },
      select: { id: true },
    });
    if (pending) throw new AppError('CONFLICT', 'a correction for this dispute awaits approval');
    if (correction && Math.abs(correction.amountKopecks) > options.approvalKopecks) {
      await checkMonthCorrection(tx, { accountId: dispute.accountId, ...correction });
      const request = await tx.adjustmentRequest.create({
        data: {
          accountId: dispute.accountId,
          disputeId: dispute.id,
          amountKopecks: correction.amountKopecks,
          periodMonth: correction.periodMonth
            ? new Date(`${correction.periodMonth}-01T00:00:00Z`)
            : null,
          memo: correction.memo.trim(),
          residentNote: note,
          requestedById: actor.staffUserId,
          requestedAt: now,
        },
        select: { id: true },
      });
      if (dispute.status === 'OPEN') {
        await tx.dispute.update({ where: { id: dispute.id }, data: { status: 'IN_REVIEW' } });
      }
      await recordAudit(tx, actor, {
        action: 'adjustment.request',
        accountId: dispute.accountId,
        targetType: 'adjustment_request',
        targetId: request.id,
        detail: {
          disputeId: dispute.id,
          amountKopecks: correction.amountKopecks,
          periodMonth: correction.periodMonth,
        },
      });
      return { kind: 'AWAITING_APPROVAL' as const, adjustmentRequestId: request.id };
    }
    const ledgerEntryId = await closeDispute(tx, actor, {
      disputeId: dispute.id,
      accountId: dispute.accountId,
      resolution: options.resolution,
      note,
      correction,
      rules: options.rules,
      now,
    });
    return { kind: 'RESOLVED' as const, resolution: options.resolution, ledgerEntryId };
  });
}

/**
 * Marks a locked, unresolved dispute RESOLVED and, for a correction, posts it; then the account
 * is re-evaluated (postAdjustment does it; a dispute without correction refreshes here). Shared
 * by the direct resolution and a supervisor's approval.
 */
export async function closeDispute(
  tx: Tx,
  actor: StaffActor,
  options: {
    disputeId: number;
    accountId: number;
    resolution: 'ACCEPTED' | 'REJECTED';
    note: string;
    correction: Correction | null;
    rules: BillingRules;
    now: Date;
  },
): Promise<bigint | null> {
  const closed = await tx.dispute.updateMany({
    where: { id: options.disputeId, status: { not: 'RESOLVED' } },
    data: {
      status: 'RESOLVED',
      resolution: options.resolution,
      resolutionNote: options.note,
      resolvedById: actor.staffUserId,
      resolvedAt: options.now,
    },
  });
  if (closed.count !== 1) throw new AppError('CONFLICT', 'the dispute is already resolved');
  let ledgerEntryId: bigint | null = null;
  if (options.correction) {
    const posted = await postAdjustment(tx, {
      accountId: options.accountId,
      amountKopecks: options.correction.amountKopecks,
      memo: options.correction.memo,
      periodMonth: options.correction.periodMonth,
      staffUserId: actor.staffUserId,
      disputeId: options.disputeId,
      rules: options.rules,
      now: options.now,
    });
    ledgerEntryId = posted.entryId;
  } else {
    await refreshCallListEntry(tx, {
      accountId: options.accountId,
      rules: options.rules,
      asOf: options.now,
    });
  }
  await recordAudit(tx, actor, {
    action: 'dispute.resolve',
    accountId: options.accountId,
    targetType: 'dispute',
    targetId: options.disputeId,
    detail: {
      resolution: options.resolution,
      correctionKopecks: options.correction?.amountKopecks ?? null,
      periodMonth: options.correction?.periodMonth ?? null,
      ledgerEntryId: ledgerEntryId === null ? null : String(ledgerEntryId),
    },
  });
  return ledgerEntryId;
}
