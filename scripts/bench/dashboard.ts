/**
 * `npm run bench -- dashboard`: the collections dashboard (issue 10, part 5; docs/dashboard.md)
 * on a scratch copy of a seeded database (it writes collections_day):
 * 1. the backfill of the whole history from the ledger (timed once);
 * 2. the refresh job (today's debtors by the call-list rule, today's and yesterday's flows),
 *    timed a few times;
 * 3. every query the page and the CSV exports run, `samples` times each, sequentially on a warm
 *    pool, p50/p95/max, beside a baseline in the same run (`SELECT 1` over the same client).
 * Aim (issue 10): p95 under 300 ms for every dashboard query at 600,000 accounts.
 */
import { kyivDay } from '../../lib/dates';
import type { BillingRules } from '../../lib/domain/billing-rules';
import {
  callListParams,
  EVALUATE_CALL_LIST_SQL,
} from '../../lib/domain/call-list/evaluate-call-list-sql';
import { backfillCollectionsDays } from '../../lib/domain/dashboard/backfill-collections-days';
import { collectionsCsv, DASHBOARD_CHARTS } from '../../lib/domain/dashboard/collections-csv';
import {
  DAILY_FLOWS_SQL,
  liveDebtorsSql,
  STOCK_CHANGES_SQL,
} from '../../lib/domain/dashboard/collections-day-sql';
import {
  COLLECTION_RATE_SQL,
  DASHBOARD_DAYS_SQL,
  getCollectionsDashboard,
} from '../../lib/domain/dashboard/get-collections-dashboard';
import { refreshCollectionsDays } from '../../lib/domain/dashboard/refresh-collections-days';
import { addDays } from '../../lib/domain/plans/plan-schedule';
import { createPrismaClient } from '../../lib/server/db';
import { percentile } from './http-load';

type Stat = { label: string; n: number; p50: number; p95: number; max: number };

async function sample(label: string, n: number, work: () => Promise<unknown>): Promise<Stat> {
  await work(); // warm: the first call plans and caches
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    label,
    n,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times.at(-1) ?? Number.NaN,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
const row = (s: Stat) =>
  `| ${s.label.padEnd(58)} | ${String(s.n).padStart(3)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`;

export async function benchDashboard(options: {
  databaseUrl: string;
  rules: BillingRules;
  now: Date;
  samples: number;
  log: (line: string) => void;
}): Promise<void> {
  const { rules, now, log } = options;
  const prisma = createPrismaClient(options.databaseUrl, 4);
  const supervisor = { staffUserId: 0, role: 'SUPERVISOR' as const };
  try {
    log('\nBackfill of the whole history from the ledger (backfillCollectionsDays)');
    const t0 = performance.now();
    const backfill = await backfillCollectionsDays(prisma, {
      rules,
      now,
      log: (line) => log(`  ${line}`),
    });
    log(
      `  → ${backfill.days} days ${backfill.from} … ${backfill.to}, ${backfill.slices} slices of accounts: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const ledgerDays = await prisma.$queryRawUnsafe<
      { day: string; debtors: number; debtors_long: number; overdue_kopecks: bigint }[]
    >(
      `SELECT day::text, debtors, debtors_long, overdue_kopecks FROM collections_day
        WHERE day = $1::date OR (day + 1) = date_trunc('month', day + 1)::date
        ORDER BY day DESC LIMIT 4`,
      kyivDay(now),
    );
    for (const d of ledgerDays)
      log(
        `  from the ledger, end of ${d.day}: ${d.debtors} debtors, ${d.debtors_long} long, ${d.overdue_kopecks} kopecks overdue`,
      );

    log('\nThe refresh job (refreshCollectionsDays), 3 runs');
    for (let i = 0; i < 3; i++) {
      const result = await refreshCollectionsDays(prisma, { now, rules });
      log(
        `  run ${i + 1}: ${(result.ms / 1000).toFixed(2)} s (today ${result.today}: ${result.debtors.debtors} debtors, ${result.debtors.debtorsLong} ≥ ${result.debtors.longMonths} months)`,
      );
    }

    const today = kyivDay(now);
    const from24 = `${addDays(today, -760).slice(0, 7)}-01`;
    const n = options.samples;
    const stats: Stat[] = [];
    stats.push(
      await sample('baseline: SELECT 1 (same client)', n, () => prisma.$queryRawUnsafe('SELECT 1')),
    );
    stats.push(
      await sample('page: days of 24 months (DASHBOARD_DAYS_SQL)', n, () =>
        prisma.$queryRawUnsafe(DASHBOARD_DAYS_SQL, from24, today),
      ),
    );
    stats.push(
      await sample('page: collection rate (COLLECTION_RATE_SQL)', n, () =>
        prisma.$queryRawUnsafe(COLLECTION_RATE_SQL, from24),
      ),
    );
    for (const months of [12, 24] as const)
      stats.push(
        await sample(`page: getCollectionsDashboard, ${months} months`, n, () =>
          getCollectionsDashboard(prisma, supervisor, { now, months }),
        ),
      );
    stats.push(
      await sample(`CSV: all ${DASHBOARD_CHARTS.length} exports, 24 months`, n, async () => {
        const data = await getCollectionsDashboard(prisma, supervisor, { now, months: 24 });
        for (const chart of DASHBOARD_CHARTS) collectionsCsv(data, chart);
      }),
    );
    const jobN = Math.max(3, Math.floor(n / 10));
    stats.push(
      await sample('job: flows of yesterday and today (DAILY_FLOWS_SQL)', n, () =>
        prisma.$queryRawUnsafe(DAILY_FLOWS_SQL, addDays(today, -1), today),
      ),
    );
    stats.push(
      await sample('job: stocks up to today (STOCK_CHANGES_SQL)', n, () =>
        prisma.$queryRawUnsafe(STOCK_CHANGES_SQL, addDays(today, -1), today),
      ),
    );
    stats.push(
      await sample("job: today's debtors by the call-list rule (live)", jobN, () =>
        prisma.$transaction(
          async (tx) => {
            await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
            await tx.$executeRawUnsafe('SET LOCAL jit = off');
            return tx.$queryRawUnsafe(
              liveDebtorsSql(EVALUATE_CALL_LIST_SQL),
              ...callListParams(now, rules, 'ALL'),
              rules.callListMinOverdueMonths,
            );
          },
          { timeout: 600_000 },
        ),
      ),
    );
    log(`\nQueries, each run sequentially after one warm-up call (now ${now.toISOString()})`);
    log(`| ${'query'.padEnd(58)} |   n |        p50 |        p95 |        max |`);
    log(`| ${'-'.repeat(58)} | --: | ---------: | ---------: | ---------: |`);
    for (const s of stats) log(row(s));
    const missed = stats
      .filter((s) => s.label.startsWith('page') || s.label.startsWith('CSV'))
      .filter((s) => s.p95 >= 300);
    log(
      missed.length === 0
        ? '\naim met: p95 under 300 ms for every page and CSV query'
        : `\naim missed (p95 ≥ 300 ms): ${missed.map((s) => s.label).join(', ')}`,
    );
  } finally {
    await prisma.$disconnect();
  }
}
