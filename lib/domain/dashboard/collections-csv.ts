import { csvCell } from '../../csv-cell';
import type { CollectionsDashboard, DashboardDay } from './get-collections-dashboard';

/** The dashboard's charts, each with a CSV export at /staff/admin/dashboard/<id>. */
export const DASHBOARD_CHARTS = [
  'debtors',
  'collection-rate',
  'call-list',
  'call-list-exits',
  'sms',
  'payments',
  'disputes',
] as const;

export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

export function isDashboardChart(value: unknown): value is DashboardChart {
  return typeof value === 'string' && (DASHBOARD_CHARTS as readonly string[]).includes(value);
}

/** Kopecks as hryvnias with two decimals ("1234.56"), in integer arithmetic. */
export function uahCell(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A ratio as a percentage with one decimal ("91.3"), empty when unknown. */
export function percentCell(rate: number | null): string {
  return rate === null ? '' : (Math.round(rate * 1000) / 10).toFixed(1);
}

type Cell = string | number | null;

function csv(header: string[], rows: Cell[][]): string {
  return [header, ...rows]
    .map((cells) => `${cells.map((cell) => csvCell(cell ?? '')).join(',')}\r\n`)
    .join('');
}

const daily = (days: DashboardDay[], header: string[], pick: (d: DashboardDay) => Cell[]): string =>
  csv(
    ['day', ...header],
    days.map((d) => [d.day, ...pick(d)]),
  );

/**
 * The figures behind one chart as CSV (RFC 4180 with CRLF, every cell through csvCell; empty
 * where a figure is not known), at the chart's own granularity: per day for the series over
 * time, per month for the monthly bars. Amounts in hryvnias with two decimals.
 */
export function collectionsCsv(dashboard: CollectionsDashboard, chart: DashboardChart): string {
  const { days, byMonth } = dashboard;
  switch (chart) {
    case 'debtors':
      return daily(
        days,
        ['debtors', `debtors_${dashboard.longMonths ?? 3}_months_plus`, 'overdue_uah', 'source'],
        (d) => [
          d.debtors,
          d.debtorsLong,
          d.overdueKopecks === null ? null : uahCell(d.overdueKopecks),
          d.debtorsSource,
        ],
      );
    case 'collection-rate':
      return csv(
        ['billing_month', 'accrued_uah', 'paid_next_month_uah', 'rate_percent', 'complete'],
        dashboard.collectionRate.map((m) => [
          m.month,
          uahCell(m.accruedKopecks),
          uahCell(m.paidKopecks),
          percentCell(m.rate),
          m.complete ? 'yes' : 'no',
        ]),
      );
    case 'call-list':
      return daily(days, ['on_call_list', 'added', 'removed'], (d) => [
        d.onCallList,
        d.callListAdded,
        d.callListRemoved,
      ]);
    case 'call-list-exits':
      return csv(
        [
          'month',
          'paid',
          'paid_below_threshold',
          'sms_opt_in',
          'dispute_open',
          'payment_plan',
          'other',
        ],
        byMonth.map((m) => [
          m.month,
          m.removedPaid,
          m.removedBelowThreshold,
          m.removedSmsOptIn,
          m.removedDisputeOpen,
          m.removedPaymentPlan,
          m.removedOther,
        ]),
      );
    case 'sms':
      return daily(days, ['opt_ins', 'opt_outs', 'sms_accounts'], (d) => [
        d.smsOptIns,
        d.smsOptOuts,
        d.smsAccounts,
      ]);
    case 'payments':
      return daily(days, ['online_count', 'online_uah', 'bank_count', 'bank_uah'], (d) => [
        d.paymentsOnline,
        uahCell(d.paymentsOnlineKopecks),
        d.paymentsBank,
        uahCell(d.paymentsBankKopecks),
      ]);
    case 'disputes':
      return daily(days, ['opened', 'resolved', 'open_at_end_of_day'], (d) => [
        d.disputesOpened,
        d.disputesResolved,
        d.disputesOpen,
      ]);
  }
}
