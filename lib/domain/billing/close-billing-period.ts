import 'server-only';
import {
  addMonths,
  isMonthKey,
  kyivMonthOf,
  type MonthKey,
  monthKeyOfDate,
  monthStartDate,
} from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { type RebuildCallListResult, rebuildCallList } from '../call-list/rebuild-call-list';
import { TARIFF_LOCK_KEY } from '../tariffs/tariff-schedule';
import { accruePeriodBatchSql } from './accrue-period-sql';

export type CloseBillingPeriodResult =
  | { status: 'ALREADY_CLOSED'; month: MonthKey; closedAt: Date }
  | {
      status: 'CLOSED';
      month: MonthKey;
      resumed: boolean;
      accountsAccrued: number;
      linesAccrued: number;
      totalAccruedKopecks: bigint;
      callList: RebuildCallListResult;
    };

const DEFAULT_BATCH_SIZE = 50_000;
const DEFAULT_CONCURRENCY = 2;

/**
 * Closes billing month `month` (DESIGN rule 1): accrues every active account, then marks the
 * period CLOSED and rebuilds the call list in one final transaction, and opens the next month.
 *
 * - Only the month after the latest closed one may be closed, and only once it has ended in
 *   Kyiv; anything else is refused with PERIOD_OUT_OF_ORDER / PERIOD_NOT_ENDED.
 * - Idempotent: closing a CLOSED month changes nothing and says so (ALREADY_CLOSED).
 * - Resumable: accounts are accrued in id ranges, one transaction per batch (two batches at a
 *   time), and the period remembers the last account id before which everything is done; after
 *   a crash the next run continues from there (and the unique accrual key makes any repeated
 *   line a no-op anyway). Two runs started together: the second waits for the first's claim
 *   of the month and continues as a resume.
 * - The totals (lines, accounts, amount) are added by each batch in its own transaction, so
 *   they are exact across crashes without re-reading the month from the ledger.
 */
export async function closeBillingPeriod(
  prisma: PrismaClient,
  options: {
    month: string;
    now?: Date;
    staffUserId?: number;
    batchSize?: number;
    /** Batches accrued at the same time, each on its own connection (default 2). */
    concurrency?: number;
    rules: BillingRules;
    onProgress?: (done: { throughAccountId: number; lastAccountId: number }) => void;
  },
): Promise<CloseBillingPeriodResult> {
  const { month } = options;
  if (!isMonthKey(month)) throw new AppError('INVALID_INPUT', `not a month (YYYY-MM): ${month}`);
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const monthDate = monthStartDate(month);

  const existing = await prisma.billingPeriod.findUnique({ where: { month: monthDate } });
  if (existing?.status === 'CLOSED' && existing.closedAt) {
    return { status: 'ALREADY_CLOSED', month, closedAt: existing.closedAt };
  }
  await checkClosable(prisma, month, now);

  // Mark CLOSING, or pick up where an interrupted run stopped. The row lock orders two runs
  // that start at the same moment: the second finds CLOSING and continues as a resume (and the
  // first switches to resuming when it meets the second's lines, below).
  const claim = await prisma.$transaction(async (tx) => {
    // Tariff writes take the same lock (trigger tariff_used_by_closed_period): once the month is
    // CLOSING its rates are fixed, and none can be added between this claim and the batches.
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', TARIFF_LOCK_KEY);
    await tx.$executeRawUnsafe(
      'INSERT INTO billing_period (month) VALUES ($1::date) ON CONFLICT (month) DO NOTHING',
      `${month}-01`,
    );
    const [row] = await tx.$queryRawUnsafe<
      { status: string; through: number | null; closed_at: Date | null }[]
    >(
      `SELECT status::text AS status, accrued_through_account_id AS through, closed_at
         FROM billing_period WHERE month = $1::date FOR UPDATE`,
      `${month}-01`,
    );
    if (row?.status === 'CLOSED') return { closed: true as const, closedAt: row.closed_at ?? now };
    if (row?.status === 'CLOSING') {
      await tx.billingPeriod.update({ where: { month: monthDate }, data: { closeError: null } });
      return { closed: false as const, resuming: true, through: row.through ?? 0 };
    }
    const [scope] = await tx.$queryRawUnsafe<
      { accounts: number; last_id: number | null; on_list: number }[]
    >(
      `SELECT (SELECT count(*)::int FROM account
                WHERE status = 'ACTIVE' AND opened_on < ($1::date + interval '1 month')) AS accounts,
              (SELECT max(id) FROM account) AS last_id,
              (SELECT count(*)::int FROM call_list_entry WHERE removed_at IS NULL) AS on_list`,
      `${month}-01`,
    );
    await tx.billingPeriodServiceTotal.deleteMany({ where: { month: monthDate } });
    await tx.billingPeriod.update({
      where: { month: monthDate },
      data: {
        status: 'CLOSING',
        startedAt: now,
        accruedThroughAccountId: null,
        accountsAccrued: 0,
        linesAccrued: 0,
        totalAccruedKopecks: 0n,
        accountsTotal: scope?.accounts ?? 0,
        lastAccountId: scope?.last_id ?? 0,
        callListBefore: scope?.on_list ?? 0,
        closeError: null,
      },
    });
    return { closed: false as const, resuming: false, through: 0 };
  });
  if (claim.closed) return { status: 'ALREADY_CLOSED', month, closedAt: claim.closedAt };
  // A resumed run's batches after the mark may have committed (the mark moves after them), so
  // it inserts with ON CONFLICT DO NOTHING; a fresh run inserts plainly.
  let { resuming } = claim;
  const bounds = await prisma.account.aggregate({ _max: { id: true } });
  const lastAccountId = bounds._max.id ?? 0;

  // Batches run `concurrency` at a time (disjoint account ranges, one transaction each: the
  // database's cores work side by side). Each adds its lines, accounts and amount to the period
  // in its own transaction. The period records how far every batch before it got only once a
  // whole round has committed, so a crash repeats at most one round, and a repeated line is a
  // no-op (ON CONFLICT DO NOTHING: it never reaches the totals, the balance or month triggers).
  let through = claim.through;
  while (through < lastAccountId) {
    const ranges: [number, number][] = [];
    for (let from = through; from < lastAccountId && ranges.length < concurrency; ) {
      const upTo = Math.min(from + batchSize, lastAccountId);
      ranges.push([from, upTo]);
      from = upTo;
    }
    const round = () =>
      Promise.all(
        ranges.map(([from, upTo]) =>
          prisma.$transaction(
            async (tx) => {
              const [batch] = await tx.$queryRawUnsafe<
                { lines: number; accounts: number; total: bigint }[]
              >(
                `WITH inserted AS (
                   ${accruePeriodBatchSql({ resuming })} RETURNING account_id, service_id, amount_kopecks
                 ),
                 per_service AS (
                   INSERT INTO billing_period_service_total AS t (month, service_id, lines, total_kopecks)
                   SELECT $1::date, service_id, count(*)::int, sum(amount_kopecks)::bigint
                     FROM inserted GROUP BY service_id
                   ON CONFLICT (month, service_id) DO UPDATE
                      SET lines = t.lines + excluded.lines,
                          total_kopecks = t.total_kopecks + excluded.total_kopecks
                 )
                 SELECT count(*)::int AS lines, count(DISTINCT account_id)::int AS accounts,
                        coalesce(sum(amount_kopecks), 0)::bigint AS total
                   FROM inserted`,
                `${month}-01`,
                from,
                upTo,
              );
              await tx.$executeRawUnsafe(
                `UPDATE billing_period
                    SET lines_accrued = lines_accrued + $2, accounts_accrued = accounts_accrued + $3,
                        total_accrued_kopecks = total_accrued_kopecks + $4
                  WHERE month = $1::date`,
                `${month}-01`,
                batch?.lines ?? 0,
                batch?.accounts ?? 0,
                batch?.total ?? 0n,
              );
            },
            { timeout: 5 * 60_000, maxWait: 60_000 },
          ),
        ),
      );
    try {
      await round();
    } catch (error) {
      // A second run of the same month (which waited for the claim and resumes) got to these
      // accounts first: from here on this run resumes too. Every line is still written once
      // (the unique key), and both runs end with the month CLOSED.
      if (resuming || !isDuplicateAccrual(error)) throw error;
      resuming = true;
      await round();
    }
    through = ranges.at(-1)?.[1] ?? lastAccountId;
    await prisma.billingPeriod.update({
      where: { month: monthDate },
      data: { accruedThroughAccountId: through },
    });
    options.onProgress?.({ throughAccountId: through, lastAccountId });
  }

  return prisma.$transaction(
    async (tx) => {
      const totals = await tx.billingPeriod.findUniqueOrThrow({ where: { month: monthDate } });
      const callList = await rebuildCallList(tx, {
        asOf: now,
        rules: options.rules,
      });
      await tx.billingPeriod.update({
        where: { month: monthDate },
        data: {
          status: 'CLOSED',
          closedAt: now,
          closedById: options.staffUserId ?? null,
          callListAdded: callList.added,
          callListRemoved: callList.removed,
          callListOnList: callList.onList,
        },
      });
      await tx.billingPeriod.upsert({
        where: { month: monthStartDate(addMonths(month, 1)) },
        create: { month: monthStartDate(addMonths(month, 1)), status: 'OPEN' },
        update: {},
      });
      return {
        status: 'CLOSED' as const,
        month,
        resumed: resuming,
        accountsAccrued: totals.accountsAccrued,
        linesAccrued: totals.linesAccrued,
        totalAccruedKopecks: totals.totalAccruedKopecks,
        callList,
      };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/**
 * Whether `month` may be closed now (a CLOSED month is the caller's to answer): it must have
 * ended in Kyiv (PERIOD_NOT_ENDED) and be the month after the latest closed one
 * (PERIOD_OUT_OF_ORDER). The console asks before it queues a close; the close asks again.
 */
export async function checkClosable(
  db: PrismaClient | Tx,
  month: MonthKey,
  now: Date,
): Promise<void> {
  const currentMonth = kyivMonthOf(now);
  if (month >= currentMonth) {
    throw new AppError(
      'PERIOD_NOT_ENDED',
      `${month} has not ended yet in Kyiv (it is ${currentMonth}); it can be closed from the 1st of ${addMonths(month, 1)}`,
    );
  }
  const expected = await nextPeriodToClose(db);
  if (expected !== null && month !== expected) {
    throw new AppError(
      'PERIOD_OUT_OF_ORDER',
      `the next period to close is ${expected}, not ${month}`,
      {
        expected,
      },
    );
  }
}

/** The month after the latest closed one (null when nothing was ever closed). */
export async function nextPeriodToClose(db: PrismaClient | Tx): Promise<MonthKey | null> {
  const lastClosed = await db.billingPeriod.findFirst({
    where: { status: 'CLOSED' },
    orderBy: { month: 'desc' },
    select: { month: true },
  });
  return lastClosed ? addMonths(monthKeyOfDate(lastClosed.month), 1) : null;
}

/** The unique accrual key refused a line: this month's accruals for the account exist already. */
function isDuplicateAccrual(error: unknown): boolean {
  return error instanceof Error && /ledger_entry_one_accrual_key/.test(error.message);
}
