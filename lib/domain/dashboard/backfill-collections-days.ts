import 'server-only';
import { kyivDay } from '../../dates';
import type { PrismaClient } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import type { DayKey } from '../plans/plan-schedule';
import { countFlowsAndStocks, type DayFigures, writeCollectionsDays } from './collections-day-rows';
import { LEDGER_DEBTOR_CHANGES_SQL } from './collections-day-sql';

export type BackfillResult = { from: DayKey; to: DayKey; days: number; slices: number; ms: number };

/** Accounts per ledger query: its sorts stay in memory (a few hundred MB of work at most). */
const SLICE_ACCOUNTS = 25_000;

/**
 * Recomputes the collections dashboard's days `from` … `to` (docs/dashboard.md) from the source
 * tables, the debtor figures from the ledger itself (DESIGN rules 2 and 3 at each past day,
 * LEDGER_DEBTOR_CHANGES_SQL): the history after a deploy or a seed (`from` defaults to the first
 * day of the first billing period), and nightly the recent weeks, so that entries booked late
 * with an earlier effective date reach the days they belong to. Reads every ledger entry, in
 * slices of accounts, two slices at a time on their own connections; then writes all the days in
 * one statement. Idempotent.
 */
export async function backfillCollectionsDays(
  db: PrismaClient,
  options: {
    rules: BillingRules;
    to?: DayKey;
    from?: DayKey;
    now?: Date;
    concurrency?: number;
    log?: (line: string) => void;
  },
): Promise<BackfillResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const to = options.to ?? kyivDay(now);
  const from = options.from ?? (await firstBillingDay(db)) ?? to;
  const log = options.log ?? (() => {});
  const { rules } = options;
  const k = rules.dueMonthsAfter + 1;
  const longMonths = rules.callListMinOverdueMonths;

  const bounds = await db.$queryRawUnsafe<{ first: number | null; last: number | null }[]>(
    'SELECT min(id) AS first, max(id) AS last FROM account',
  );
  const first = bounds[0]?.first ?? 1;
  const last = bounds[0]?.last ?? 0;
  const slices: [number, number][] = [];
  for (let start = first; start <= last; start += SLICE_ACCOUNTS)
    slices.push([start, start + SLICE_ACCOUNTS]);

  /** Per series (0: overdue, 1: long overdue) and day, the changes of count and amount. */
  const changes = [new Map<DayKey, [number, bigint]>(), new Map<DayKey, [number, bigint]>()];
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let slice = slices[next++]; slice; slice = slices[next++]) {
      const [start, end] = slice;
      const rows = await db.$transaction(
        async (tx) => {
          // A slice sorts a few million rows: in memory, once (sorted grouping feeds the
          // window in its order; hash grouping would need a second sort), and without JIT
          // compilation (chosen for the large estimated cost, it buys nothing here).
          await tx.$executeRawUnsafe(`SET LOCAL work_mem = '256MB'`);
          await tx.$executeRawUnsafe('SET LOCAL enable_hashagg = off');
          await tx.$executeRawUnsafe('SET LOCAL jit = off');
          return tx.$queryRawUnsafe<
            { series: number; day: string; count_change: number; amount_change: bigint }[]
          >(LEDGER_DEBTOR_CHANGES_SQL, start, end, k, k + longMonths, from, to);
        },
        { timeout: 30 * 60_000, maxWait: 60_000 },
      );
      for (const row of rows) {
        const map = changes[row.series];
        if (!map) continue;
        const before = map.get(row.day) ?? [0, 0n];
        map.set(row.day, [before[0] + row.count_change, before[1] + BigInt(row.amount_change)]);
      }
      done++;
      log(
        `dashboard backfill: ledger slice ${done}/${slices.length} (accounts ${start}–${end - 1})`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, () => worker()));

  const days = await countFlowsAndStocks(db, from, to);
  let debtors = 0;
  let debtorsLong = 0;
  let overdue = 0n;
  const rows: DayFigures[] = [];
  for (const figures of days.values()) {
    const [count, amount] = changes[0]?.get(figures.day) ?? [0, 0n];
    const [longCount] = changes[1]?.get(figures.day) ?? [0, 0n];
    debtors += count;
    overdue += amount;
    debtorsLong += longCount;
    rows.push({
      ...figures,
      debtors: {
        debtors,
        debtorsLong,
        longMonths,
        overdueKopecks: overdue,
        source: 'LEDGER',
      },
    });
  }
  await writeCollectionsDays(db, rows, now);
  const ms = performance.now() - started;
  log(`dashboard backfill: ${rows.length} days ${from} … ${to} in ${(ms / 1000).toFixed(1)} s`);
  return { from, to, days: rows.length, slices: slices.length, ms };
}

/** The first day of the first billing period: where the history starts. */
async function firstBillingDay(db: PrismaClient): Promise<DayKey | null> {
  const rows = await db.$queryRawUnsafe<{ day: string | null }[]>(
    'SELECT min(month)::text AS day FROM billing_period',
  );
  return rows[0]?.day ?? null;
}
