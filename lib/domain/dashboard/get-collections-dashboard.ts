import 'server-only';
import { addMonths, kyivDay, type MonthKey } from '../../dates';
import type { Kopecks } from '../../money';
import type { PrismaClient } from '../../server/db';
import type { DayKey } from '../plans/plan-schedule';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import type { DayCounts } from './collections-day-rows';

/** One Kyiv day of the dashboard (collections_day), amounts in kopecks. */
export type DashboardDay = DayCounts & {
  day: DayKey;
  debtors: number | null;
  debtorsLong: number | null;
  overdueKopecks: Kopecks | null;
  debtorsSource: 'LEDGER' | 'LIVE' | null;
  /** Removals from the call list that day, all reasons together. */
  callListRemoved: number;
};

/** The flows a month's chart adds up. */
const MONTH_FLOWS = [
  'callListAdded',
  'removedPaid',
  'removedBelowThreshold',
  'removedSmsOptIn',
  'removedDisputeOpen',
  'removedPaymentPlan',
  'removedOther',
  'smsOptIns',
  'smsOptOuts',
  'disputesOpened',
  'disputesResolved',
] as const satisfies readonly (keyof DayCounts)[];

/** A calendar month's flows: the days of the month in the range added up. */
export type DashboardMonth = Record<(typeof MONTH_FLOWS)[number], number> & {
  month: MonthKey;
  days: number;
  paymentsKopecks: Kopecks;
};

/**
 * The collection rate of one closed billing month M: what residents paid during the month after
 * it (M + 1, when M's bills are out and due) over what M accrued. `complete` is false while that
 * month is still running or the dashboard lacks some of its days.
 */
export type CollectionRateMonth = {
  month: MonthKey;
  accruedKopecks: Kopecks;
  paidKopecks: Kopecks;
  /** paid ÷ accrued (0.9 = 90 %), null when nothing was accrued. */
  rate: number | null;
  complete: boolean;
};

export type CollectionsDashboard = {
  from: DayKey;
  to: DayKey;
  months: number;
  days: DashboardDay[];
  byMonth: DashboardMonth[];
  collectionRate: CollectionRateMonth[];
  /** Rule 3's age threshold the long-overdue figures were counted with. */
  longMonths: number | null;
  /** The first day with a call list (earlier days have none to count). */
  callListSince: DayKey | null;
  /** When the newest figures were computed (null: never: the refresh job has not run). */
  computedAt: Date | null;
};

export const DASHBOARD_MONTH_CHOICES = [3, 6, 12, 24] as const;
export type DashboardMonths = (typeof DASHBOARD_MONTH_CHOICES)[number];

/** The `months` of a query string: one of the choices, else 12. */
export function dashboardMonths(value: unknown): DashboardMonths {
  const n = Number(value);
  return (DASHBOARD_MONTH_CHOICES as readonly number[]).includes(n) ? (n as DashboardMonths) : 12;
}

type DayRow = {
  day: string;
  debtors: number | null;
  debtors_long: number | null;
  long_months: number | null;
  overdue_kopecks: bigint | null;
  debtors_source: 'LEDGER' | 'LIVE' | null;
  on_call_list: number | null;
  call_list_added: number;
  removed_paid: number;
  removed_below_threshold: number;
  removed_sms_opt_in: number;
  removed_dispute_open: number;
  removed_payment_plan: number;
  removed_other: number;
  sms_opt_ins: number;
  sms_opt_outs: number;
  sms_accounts: number;
  payments_online: number;
  payments_online_kopecks: bigint;
  payments_bank: number;
  payments_bank_kopecks: bigint;
  disputes_opened: number;
  disputes_resolved: number;
  disputes_open: number;
  computed_at: Date;
};

/** The days of the range, oldest first (at most ~750 small rows: the primary key's range). */
export const DASHBOARD_DAYS_SQL = `
SELECT day::text, debtors, debtors_long, long_months, overdue_kopecks, debtors_source,
       on_call_list, call_list_added, removed_paid, removed_below_threshold, removed_sms_opt_in,
       removed_dispute_open, removed_payment_plan, removed_other, sms_opt_ins, sms_opt_outs,
       sms_accounts, payments_online, payments_online_kopecks, payments_bank,
       payments_bank_kopecks, disputes_opened, disputes_resolved, disputes_open, computed_at
  FROM collections_day
 WHERE day BETWEEN $1::date AND $2::date
 ORDER BY day`;

/**
 * Closed billing months from $1 with what they accrued (billing_period, kept by the close) and
 * what was paid during the month after each, from the dashboard's days of that month.
 */
export const COLLECTION_RATE_SQL = `
SELECT bp.month::text AS month, bp.total_accrued_kopecks AS accrued,
       coalesce(p.paid, 0)::bigint AS paid, coalesce(p.days, 0)::int AS days,
       ((bp.month + interval '2 months')::date - (bp.month + interval '1 month')::date) AS month_days
  FROM billing_period bp
  LEFT JOIN LATERAL (
    SELECT sum(c.payments_online_kopecks + c.payments_bank_kopecks) AS paid, count(*) AS days
      FROM collections_day c
     WHERE c.day >= (bp.month + interval '1 month')::date
       AND c.day < (bp.month + interval '2 months')::date
  ) p ON true
 WHERE bp.status = 'CLOSED' AND bp.month >= $1::date
 ORDER BY bp.month`;

function toDay(row: DayRow): DashboardDay {
  const removed = [
    row.removed_paid,
    row.removed_below_threshold,
    row.removed_sms_opt_in,
    row.removed_dispute_open,
    row.removed_payment_plan,
    row.removed_other,
  ];
  return {
    day: row.day,
    debtors: row.debtors,
    debtorsLong: row.debtors_long,
    overdueKopecks: row.overdue_kopecks === null ? null : Number(row.overdue_kopecks),
    debtorsSource: row.debtors_source,
    onCallList: row.on_call_list,
    callListAdded: row.call_list_added,
    callListRemoved: removed.reduce((sum, n) => sum + n, 0),
    removedPaid: row.removed_paid,
    removedBelowThreshold: row.removed_below_threshold,
    removedSmsOptIn: row.removed_sms_opt_in,
    removedDisputeOpen: row.removed_dispute_open,
    removedPaymentPlan: row.removed_payment_plan,
    removedOther: row.removed_other,
    smsOptIns: row.sms_opt_ins,
    smsOptOuts: row.sms_opt_outs,
    smsAccounts: row.sms_accounts,
    paymentsOnline: row.payments_online,
    paymentsOnlineKopecks: Number(row.payments_online_kopecks),
    paymentsBank: row.payments_bank,
    paymentsBankKopecks: Number(row.payments_bank_kopecks),
    disputesOpened: row.disputes_opened,
    disputesResolved: row.disputes_resolved,
    disputesOpen: row.disputes_open,
  };
}

/** The calendar months of the days, each month's flows added up. */
export function monthsOfDays(days: DashboardDay[]): DashboardMonth[] {
  const months = new Map<string, DashboardMonth>();
  for (const d of days) {
    const key = d.day.slice(0, 7) as MonthKey;
    let m = months.get(key);
    if (!m) {
      m = { month: key, days: 0, paymentsKopecks: 0 } as DashboardMonth;
      for (const flow of MONTH_FLOWS) m[flow] = 0;
      months.set(key, m);
    }
    m.days++;
    for (const flow of MONTH_FLOWS) m[flow] += d[flow];
    m.paymentsKopecks += d.paymentsOnlineKopecks + d.paymentsBankKopecks;
  }
  return [...months.values()];
}

/**
 * The collections dashboard for SUPERVISOR and ADMIN (docs/dashboard.md): the last `months`
 * calendar months up to today (Kyiv), read from the pre-aggregated days (collections_day) and
 * the closed billing periods: two small queries, whatever the number of accounts.
 * Throws FORBIDDEN below SUPERVISOR.
 */
export async function getCollectionsDashboard(
  db: PrismaClient,
  actor: StaffActor,
  options: { now: Date; months: DashboardMonths },
): Promise<CollectionsDashboard> {
  requireRole(actor, 'SUPERVISOR');
  const to = kyivDay(options.now);
  const fromMonth = addMonths(to.slice(0, 7), 1 - options.months);
  const from = `${fromMonth}-01`;
  const [rows, rates] = await Promise.all([
    db.$queryRawUnsafe<DayRow[]>(DASHBOARD_DAYS_SQL, from, to),
    db.$queryRawUnsafe<
      { month: string; accrued: bigint; paid: bigint; days: number; month_days: number }[]
    >(COLLECTION_RATE_SQL, `${addMonths(fromMonth, -1)}-01`),
  ]);
  const days = rows.map(toDay);
  const thisMonth = to.slice(0, 7);
  let computedAt: Date | null = null;
  let longMonths: number | null = null;
  let callListSince: DayKey | null = null;
  for (const row of rows) {
    if (computedAt === null || row.computed_at > computedAt) computedAt = row.computed_at;
    if (row.long_months !== null) longMonths = row.long_months;
    if (callListSince === null && row.on_call_list !== null) callListSince = row.day;
  }
  return {
    from,
    to,
    months: options.months,
    days,
    byMonth: monthsOfDays(days),
    collectionRate: rates.map((r) => {
      const accrued = Number(r.accrued);
      const paid = Number(r.paid);
      const paidIn = addMonths(r.month.slice(0, 7), 1);
      return {
        month: r.month.slice(0, 7) as MonthKey,
        accruedKopecks: accrued,
        paidKopecks: paid,
        rate: accrued > 0 ? paid / accrued : null,
        complete: paidIn < thisMonth && r.days >= r.month_days,
      };
    }),
    longMonths,
    callListSince,
    computedAt,
  };
}
