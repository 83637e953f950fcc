import 'server-only';
import { kyivDay } from '../../dates';
import type { PrismaClient } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import { callListParams, EVALUATE_CALL_LIST_SQL } from '../call-list/evaluate-call-list-sql';
import { addDays, type DayKey } from '../plans/plan-schedule';
import {
  countFlowsAndStocks,
  type DebtorFigures,
  writeCollectionsDays,
} from './collections-day-rows';
import { liveDebtorsSql } from './collections-day-sql';

export type RefreshResult = { today: DayKey; debtors: DebtorFigures; ms: number };

const LIVE_DEBTORS_SQL = liveDebtorsSql(EVALUATE_CALL_LIST_SQL);

/**
 * The collections dashboard's current figures (docs/dashboard.md), every 10 minutes from the job
 * queue and after a period close: today's and yesterday's flows and stocks (payments, call-list
 * changes, SMS consents, disputes; by their time indexes and the small tables), and today's
 * debtors from the call-list rule itself, EVALUATE_CALL_LIST_SQL as of `now` on the kept
 * arrears state (rules 2 and 3 exactly as the call list applies them; a few seconds at 600,000
 * accounts). Yesterday keeps the debtor figures of its last refresh until the nightly
 * recompute from the ledger (backfillCollectionsDays) replaces them with end-of-day figures.
 */
export async function refreshCollectionsDays(
  db: PrismaClient,
  options: { now: Date; rules: BillingRules },
): Promise<RefreshResult> {
  const started = performance.now();
  const { now, rules } = options;
  const today = kyivDay(now);
  const yesterday = addDays(today, -1);
  const live = await db.$transaction(
    async (tx) => {
      // One evaluation of every account, as the call-list rebuild runs it.
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
      await tx.$executeRawUnsafe('SET LOCAL jit = off');
      return tx.$queryRawUnsafe<
        { debtors: number; debtors_long: number; overdue_kopecks: bigint }[]
      >(LIVE_DEBTORS_SQL, ...callListParams(now, rules, 'ALL'), rules.callListMinOverdueMonths);
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  const debtors: DebtorFigures = {
    debtors: live[0]?.debtors ?? 0,
    debtorsLong: live[0]?.debtors_long ?? 0,
    longMonths: rules.callListMinOverdueMonths,
    overdueKopecks: BigInt(live[0]?.overdue_kopecks ?? 0),
    source: 'LIVE',
  };
  const days = await countFlowsAndStocks(db, yesterday, today);
  const rows = [...days.values()].map((figures) =>
    figures.day === today ? { ...figures, debtors } : figures,
  );
  await writeCollectionsDays(db, rows, now);
  return { today, debtors, ms: performance.now() - started };
}
