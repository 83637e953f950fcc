import 'server-only';
import {
  isMonthKey,
  kyivMonthOf,
  type MonthKey,
  monthKeyOfDate,
  monthStartDate,
} from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { checkClosable, nextPeriodToClose } from './close-billing-period';

/** Queues the close of a month on the job queue, in the caller's transaction (the entry point's). */
export type EnqueuePeriodClose = (
  tx: Tx,
  job: { month: MonthKey; staffUserId: number },
) => Promise<void>;

/**
 * An ADMIN asks for the next month's close (issue 10): checked as the close will check it
 * (ended in Kyiv, the next after the last closed), recorded on the period, audited, and queued
 * as a job in the same transaction; the worker runs closeBillingPeriod. Asking again while a
 * close is queued or running is refused (CLOSE_RUNNING) unless `resume` is set: a close that
 * failed or whose worker died is queued again and continues where it stopped.
 */
export async function requestPeriodClose(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { month: string; now?: Date; resume?: boolean; enqueue: EnqueuePeriodClose },
): Promise<void> {
  requireRole(actor, 'ADMIN');
  const { month } = options;
  if (!isMonthKey(month)) {
    throw new AppError('INVALID_INPUT', `not a month (YYYY-MM): ${month}`, {
      field: 'month',
      problem: 'UNKNOWN',
    });
  }
  const now = options.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      'INSERT INTO billing_period (month) VALUES ($1::date) ON CONFLICT (month) DO NOTHING',
      `${month}-01`,
    );
    const [period] = await tx.$queryRawUnsafe<
      { status: string; close_requested_at: Date | null; close_error: string | null }[]
    >(
      `SELECT status::text AS status, close_requested_at, close_error
         FROM billing_period WHERE month = $1::date FOR UPDATE`,
      `${month}-01`,
    );
    if (period?.status === 'CLOSED') {
      throw new AppError('CONFLICT', `${month} is closed already`, { reason: 'PERIOD_CLOSED' });
    }
    const pending = period?.status === 'CLOSING' || period?.close_requested_at != null;
    if (pending && !options.resume && period?.close_error == null) {
      throw new AppError('CONFLICT', `the close of ${month} is queued or running already`, {
        reason: 'CLOSE_RUNNING',
      });
    }
    await checkClosable(tx, month, now);
    await tx.billingPeriod.update({
      where: { month: monthStartDate(month) },
      data: { closeRequestedAt: now, closeRequestedById: actor.staffUserId, closeError: null },
    });
    await options.enqueue(tx, { month, staffUserId: actor.staffUserId });
    await recordAudit(tx, actor, {
      action: pending ? 'period.close.resume' : 'period.close.request',
      targetType: 'billing_period',
      targetId: month,
    });
  });
}

/** A failed run of a queued close, recorded for the console (the job queue retries it). */
export async function recordPeriodCloseError(
  prisma: PrismaClient,
  options: { month: MonthKey; error: string },
): Promise<void> {
  await prisma.billingPeriod.updateMany({
    where: { month: monthStartDate(options.month), status: { not: 'CLOSED' } },
    data: { closeError: options.error.slice(0, 2000) },
  });
}

export type PeriodProgress = {
  /** Accounts whose lines are written, of the active accounts in scope. */
  accountsDone: number;
  accountsTotal: number;
  /** How far the batches got, as a fraction of the account ids (0..1). */
  fraction: number;
  elapsedSeconds: number;
  /** Seconds left at the pace so far; null before the first batch. */
  remainingSeconds: number | null;
};

/** Progress from the period's own columns: the fraction is by account id, as batches run. */
export function periodProgress(
  period: {
    startedAt: Date | null;
    accruedThroughAccountId: number | null;
    lastAccountId: number | null;
    accountsAccrued: number;
    accountsTotal: number | null;
  },
  now: Date,
): PeriodProgress {
  const last = period.lastAccountId ?? 0;
  const through = period.accruedThroughAccountId ?? 0;
  const fraction = last > 0 ? Math.min(1, through / last) : 0;
  const elapsedSeconds = period.startedAt
    ? Math.max(0, (now.getTime() - period.startedAt.getTime()) / 1000)
    : 0;
  return {
    accountsDone: period.accountsAccrued,
    accountsTotal: period.accountsTotal ?? 0,
    fraction,
    elapsedSeconds,
    remainingSeconds:
      fraction > 0 && fraction < 1 ? (elapsedSeconds * (1 - fraction)) / fraction : null,
  };
}

export type PeriodRow = {
  month: MonthKey;
  status: 'OPEN' | 'CLOSING' | 'CLOSED';
  requestedAt: Date | null;
  requestedBy: string | null;
  closedAt: Date | null;
  closedBy: string | null;
  closeError: string | null;
  progress: PeriodProgress;
  linesAccrued: number;
  totalAccruedKopecks: bigint;
  callList: { before: number; added: number; removed: number; onList: number } | null;
  services: { code: string; nameUk: string; lines: number; totalKopecks: bigint }[];
};

export type PeriodsView = {
  /** The month the console offers to close, and whether it has ended (it may be closed now). */
  next: { month: MonthKey; ended: boolean } | null;
  periods: PeriodRow[];
};

/** The latest periods (newest first) with progress and reports, for the console (ADMIN). */
export async function getPeriodsView(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { now?: Date; limit?: number } = {},
): Promise<PeriodsView> {
  requireRole(actor, 'ADMIN');
  const now = options.now ?? new Date();
  const [next, rows] = await Promise.all([
    nextPeriodToClose(prisma),
    prisma.billingPeriod.findMany({
      orderBy: { month: 'desc' },
      take: options.limit ?? 13,
      include: {
        closedBy: { select: { name: true } },
        closeRequestedBy: { select: { name: true } },
        serviceTotals: { include: { service: true }, orderBy: { service: { sortOrder: 'asc' } } },
      },
    }),
  ]);
  const current = kyivMonthOf(now);
  return {
    next: next ? { month: next, ended: next < current } : null,
    periods: rows.map((p) => ({
      month: monthKeyOfDate(p.month),
      status: p.status,
      requestedAt: p.closeRequestedAt,
      requestedBy: p.closeRequestedBy?.name ?? null,
      closedAt: p.closedAt,
      closedBy: p.closedBy?.name ?? null,
      closeError: p.closeError,
      progress: periodProgress(p, now),
      linesAccrued: p.linesAccrued,
      totalAccruedKopecks: p.totalAccruedKopecks,
      callList:
        p.callListOnList === null
          ? null
          : {
              before: p.callListBefore ?? 0,
              added: p.callListAdded ?? 0,
              removed: p.callListRemoved ?? 0,
              onList: p.callListOnList,
            },
      services: p.serviceTotals.map((t) => ({
        code: t.service.code,
        nameUk: t.service.nameUk,
        lines: t.lines,
        totalKopecks: t.totalKopecks,
      })),
    })),
  };
}
