import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { addDays, type DayKey } from '../plans/plan-schedule';
import { DAILY_FLOWS_SQL, STOCK_CHANGES_SQL } from './collections-day-sql';

/**
 * The figures of one Kyiv day as collections_day keeps them (docs/dashboard.md), and the shared
 * steps of the refresh and the backfill: counting a range of days' flows and stocks, and
 * writing the rows.
 */
export type DebtorFigures = {
  debtors: number;
  debtorsLong: number;
  longMonths: number;
  overdueKopecks: bigint;
  source: 'LEDGER' | 'LIVE';
};

/** The call-list, SMS, payment and dispute figures of a day (kopecks are far below 2⁵³). */
export type DayCounts = {
  onCallList: number | null;
  callListAdded: number;
  removedPaid: number;
  removedBelowThreshold: number;
  removedSmsOptIn: number;
  removedDisputeOpen: number;
  removedPaymentPlan: number;
  removedOther: number;
  smsOptIns: number;
  smsOptOuts: number;
  smsAccounts: number;
  paymentsOnline: number;
  paymentsOnlineKopecks: number;
  paymentsBank: number;
  paymentsBankKopecks: number;
  disputesOpened: number;
  disputesResolved: number;
  disputesOpen: number;
};

export type DayFigures = DayCounts & {
  day: DayKey;
  /** null: leave what the row has (the refresh does not recompute yesterday's debtors). */
  debtors: DebtorFigures | null;
};

type Db = PrismaClient | Tx;

/** Every day from `from` to `to`, inclusive (empty when `to` is before `from`). */
export function daysFrom(from: DayKey, to: DayKey): DayKey[] {
  const days: DayKey[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

const REMOVAL_COLUMN: Record<string, keyof DayFigures> = {
  'call-list-removed-paid': 'removedPaid',
  'call-list-removed-below_threshold': 'removedBelowThreshold',
  'call-list-removed-sms_opt_in': 'removedSmsOptIn',
  'call-list-removed-dispute_open': 'removedDisputeOpen',
  'call-list-removed-payment_plan': 'removedPaymentPlan',
};

/** A day's counts before anything is counted: zero, and no call list. */
export function emptyCounts(): DayCounts {
  return {
    onCallList: null,
    callListAdded: 0,
    removedPaid: 0,
    removedBelowThreshold: 0,
    removedSmsOptIn: 0,
    removedDisputeOpen: 0,
    removedPaymentPlan: 0,
    removedOther: 0,
    smsOptIns: 0,
    smsOptOuts: 0,
    smsAccounts: 0,
    paymentsOnline: 0,
    paymentsOnlineKopecks: 0,
    paymentsBank: 0,
    paymentsBankKopecks: 0,
    disputesOpened: 0,
    disputesResolved: 0,
    disputesOpen: 0,
  };
}

/**
 * The flows (what happened each day) and the small stocks (on the call list, unresolved
 * disputes, SMS accounts at the end of each day) of the days `from` … `to`: two queries, over the
 * payments and call-list events of those days (by their time indexes) and over the call-list
 * entries, disputes and consent records (small tables).
 */
export async function countFlowsAndStocks(
  db: Db,
  from: DayKey,
  to: DayKey,
): Promise<Map<DayKey, DayFigures>> {
  const days = new Map<DayKey, DayFigures>(
    daysFrom(from, to).map((day) => [day, { ...emptyCounts(), day, debtors: null }]),
  );
  const flows = await db.$queryRawUnsafe<
    { kind: string; day: string; a: number; b: bigint; c: number; d: bigint }[]
  >(DAILY_FLOWS_SQL, from, to);
  for (const row of flows) {
    const figures = days.get(row.day);
    if (!figures) continue;
    if (row.kind === 'payments') {
      figures.paymentsOnline += row.a;
      figures.paymentsOnlineKopecks += Number(row.b);
      figures.paymentsBank += row.c;
      figures.paymentsBankKopecks += Number(row.d);
    } else if (row.kind.startsWith('call-list-added')) figures.callListAdded += row.a;
    else if (row.kind.startsWith('call-list-removed')) {
      const column = REMOVAL_COLUMN[row.kind] ?? 'removedOther';
      (figures[column] as number) += row.a;
    } else if (row.kind === 'sms-opt_in') figures.smsOptIns += row.a;
    else if (row.kind === 'sms-opt_out') figures.smsOptOuts += row.a;
    else if (row.kind === 'disputes-opened') figures.disputesOpened += row.a;
    else if (row.kind === 'disputes-resolved') figures.disputesResolved += row.a;
  }

  const stocks = await db.$queryRawUnsafe<{ kind: string; day: string | null; delta: number }[]>(
    STOCK_CHANGES_SQL,
    from,
    to,
  );
  const changes = new Map<string, number>();
  let callListStart: string | null = null;
  for (const row of stocks) {
    if (row.kind === 'call-list-start') callListStart = row.day;
    else changes.set(`${row.kind}|${row.day}`, row.delta);
  }
  let onList = 0;
  let disputesOpen = 0;
  let smsAccounts = 0;
  for (const figures of days.values()) {
    onList += changes.get(`on-call-list|${figures.day}`) ?? 0;
    disputesOpen += changes.get(`disputes-open|${figures.day}`) ?? 0;
    smsAccounts += changes.get(`sms-accounts|${figures.day}`) ?? 0;
    figures.onCallList = callListStart !== null && figures.day >= callListStart ? onList : null;
    figures.disputesOpen = disputesOpen;
    figures.smsAccounts = smsAccounts;
  }
  return days;
}

/**
 * Writes the days (insert or replace); a day given without debtor figures keeps the ones its row
 * has. One statement, so a reader sees all the days of one run or none.
 */
export async function writeCollectionsDays(
  db: Db,
  rows: DayFigures[],
  computedAt: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: DayFigures) => T): T[] => rows.map(pick);
  await db.$executeRawUnsafe(
    `INSERT INTO collections_day AS c (
       day, debtors, debtors_long, long_months, overdue_kopecks, debtors_source, on_call_list,
       call_list_added, removed_paid, removed_below_threshold, removed_sms_opt_in,
       removed_dispute_open, removed_payment_plan, removed_other, sms_opt_ins, sms_opt_outs,
       sms_accounts, payments_online, payments_online_kopecks, payments_bank,
       payments_bank_kopecks, disputes_opened, disputes_resolved, disputes_open, computed_at)
     SELECT u.*, $25::timestamptz
       FROM unnest($1::date[], $2::int[], $3::int[], $4::smallint[], $5::bigint[], $6::text[],
                   $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[],
                   $14::int[], $15::int[], $16::int[], $17::int[], $18::int[], $19::bigint[],
                   $20::int[], $21::bigint[], $22::int[], $23::int[], $24::int[]) AS u
     ON CONFLICT (day) DO UPDATE SET
       debtors = CASE WHEN EXCLUDED.debtors IS NULL THEN c.debtors ELSE EXCLUDED.debtors END,
       debtors_long = CASE WHEN EXCLUDED.debtors IS NULL THEN c.debtors_long ELSE EXCLUDED.debtors_long END,
       long_months = CASE WHEN EXCLUDED.debtors IS NULL THEN c.long_months ELSE EXCLUDED.long_months END,
       overdue_kopecks = CASE WHEN EXCLUDED.debtors IS NULL THEN c.overdue_kopecks ELSE EXCLUDED.overdue_kopecks END,
       debtors_source = CASE WHEN EXCLUDED.debtors IS NULL THEN c.debtors_source ELSE EXCLUDED.debtors_source END,
       on_call_list = EXCLUDED.on_call_list,
       call_list_added = EXCLUDED.call_list_added,
       removed_paid = EXCLUDED.removed_paid,
       removed_below_threshold = EXCLUDED.removed_below_threshold,
       removed_sms_opt_in = EXCLUDED.removed_sms_opt_in,
       removed_dispute_open = EXCLUDED.removed_dispute_open,
       removed_payment_plan = EXCLUDED.removed_payment_plan,
       removed_other = EXCLUDED.removed_other,
       sms_opt_ins = EXCLUDED.sms_opt_ins,
       sms_opt_outs = EXCLUDED.sms_opt_outs,
       sms_accounts = EXCLUDED.sms_accounts,
       payments_online = EXCLUDED.payments_online,
       payments_online_kopecks = EXCLUDED.payments_online_kopecks,
       payments_bank = EXCLUDED.payments_bank,
       payments_bank_kopecks = EXCLUDED.payments_bank_kopecks,
       disputes_opened = EXCLUDED.disputes_opened,
       disputes_resolved = EXCLUDED.disputes_resolved,
       disputes_open = EXCLUDED.disputes_open,
       computed_at = EXCLUDED.computed_at`,
    column((r) => r.day),
    column((r) => r.debtors?.debtors ?? null),
    column((r) => r.debtors?.debtorsLong ?? null),
    column((r) => r.debtors?.longMonths ?? null),
    column((r) => (r.debtors ? String(r.debtors.overdueKopecks) : null)),
    column((r) => r.debtors?.source ?? null),
    column((r) => r.onCallList),
    column((r) => r.callListAdded),
    column((r) => r.removedPaid),
    column((r) => r.removedBelowThreshold),
    column((r) => r.removedSmsOptIn),
    column((r) => r.removedDisputeOpen),
    column((r) => r.removedPaymentPlan),
    column((r) => r.removedOther),
    column((r) => r.smsOptIns),
    column((r) => r.smsOptOuts),
    column((r) => r.smsAccounts),
    column((r) => r.paymentsOnline),
    column((r) => String(r.paymentsOnlineKopecks)),
    column((r) => r.paymentsBank),
    column((r) => String(r.paymentsBankKopecks)),
    column((r) => r.disputesOpened),
    column((r) => r.disputesResolved),
    column((r) => r.disputesOpen),
    computedAt,
  );
}
