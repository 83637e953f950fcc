import 'server-only';
import {
  addMonths,
  isMonthKey,
  kyivMonthOf,
  type MonthKey,
  monthKeyOfDate,
  monthStartDate,
} from '../../dates';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { type RebuildCallListResult, rebuildCallList } from '../call-list/rebuild-call-list';
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
 *   line a no-op anyway).
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
  const currentMonth = kyivMonthOf(now);
  if (month >= currentMonth) {
    throw new AppError(
      'PERIOD_NOT_ENDED',
      `${month} has not ended yet in Kyiv (it is ${currentMonth}); it can be closed from the 1st of ${addMonths(month, 1)}`,
    );
  }
  const lastClosed = await prisma.billingPeriod.findFirst({
    where: { status: 'CLOSED' },
    orderBy: { month: 'desc' },
  });
  if (lastClosed) {
    const expected = addMonths(monthKeyOfDate(lastClosed.month), 1);
    if (month !== expected) {
      throw new AppError(
        'PERIOD_OUT_OF_ORDER',
        `the next period to close is ${expected}, not ${month}`,
        { expected },
      );
    }
  }

  // Mark CLOSING (or pick up where an interrupted run stopped).
  const period = await prisma.billingPeriod.upsert({
    where: { month: monthDate },
    create: { month: monthDate, status: 'CLOSING', startedAt: now },
    update: { status: 'CLOSING', startedAt: existing?.startedAt ?? now },
  });
  // A run that finds the month CLOSING continues an interrupted one: batches after the mark may
  // have committed (the mark moves after them), so it inserts with ON CONFLICT DO NOTHING. A
  // fresh run inserts plainly.
  const resumed = existing?.status === 'CLOSING';
  let resuming = resumed;
  const bounds = await prisma.account.aggregate({ _max: { id: true } });
  const lastAccountId = bounds._max.id ?? 0;

  // Batches run `concurrency` at a time (disjoint account ranges, one transaction each: the
  // database's cores work side by side). The period records how far every batch before it got
  // only once a whole round has committed, so a crash repeats at most one round, and a repeated
  // line is a no-op (ON CONFLICT DO NOTHING: it never reaches the balance or month triggers).
  let through = period.accruedThroughAccountId ?? 0;
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
            (tx) =>
              tx.$executeRawUnsafe(accruePeriodBatchSql({ resuming }), `${month}-01`, from, upTo),
            { timeout: 5 * 60_000, maxWait: 60_000 },
          ),
        ),
      );
    try {
      await round();
    } catch (error) {
      // Another close of the same month started at the same moment and got to these accounts
      // first (both saw the month OPEN): from here on this run resumes as well. Every line is
      // still inserted once (the unique key), and both runs end with the month CLOSED.
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
      const [totals] = await tx.$queryRawUnsafe<
        { accounts: number; lines: number; total: bigint }[]
      >(
        `SELECT count(DISTINCT account_id)::int AS accounts, count(*)::int AS lines,
                coalesce(sum(amount_kopecks), 0)::bigint AS total
           FROM ledger_entry WHERE kind = 'ACCRUAL' AND period_month = $1::date`,
        `${month}-01`,
      );
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
          accountsAccrued: totals?.accounts ?? 0,
          totalAccruedKopecks: totals?.total ?? 0n,
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
        resumed,
        accountsAccrued: totals?.accounts ?? 0,
        linesAccrued: totals?.lines ?? 0,
        totalAccruedKopecks: totals?.total ?? 0n,
        callList,
      };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
}

/** The unique accrual key refused a line: this month's accruals for the account exist already. */
function isDuplicateAccrual(error: unknown): boolean {
  return error instanceof Error && /ledger_entry_one_accrual_key/.test(error.message);
}
