import { describe, expect, it } from 'vitest';
import { collectionsCsv, isDashboardChart, percentCell, uahCell } from './collections-csv';
import { emptyCounts } from './collections-day-rows';
import type { CollectionsDashboard, DashboardDay } from './get-collections-dashboard';
import { monthsOfDays } from './get-collections-dashboard';

const day = (key: string, overrides: Partial<DashboardDay> = {}): DashboardDay => ({
  ...emptyCounts(),
  day: key,
  debtors: null,
  debtorsLong: null,
  overdueKopecks: null,
  debtorsSource: null,
  callListRemoved: 0,
  ...overrides,
});

const days = [
  day('2026-01-31', {
    debtors: 120_000,
    debtorsLong: 60_000,
    overdueKopecks: 123_456_789,
    debtorsSource: 'LEDGER',
    paymentsOnline: 2,
    paymentsOnlineKopecks: 150_050,
    removedPaid: 4,
    callListRemoved: 4,
  }),
  day('2026-02-01', {
    debtors: 119_999,
    debtorsLong: 59_990,
    overdueKopecks: 5,
    debtorsSource: 'LIVE',
    onCallList: 10,
    callListAdded: 10,
    paymentsBank: 1,
    paymentsBankKopecks: 99,
    removedSmsOptIn: 1,
    removedOther: 2,
    callListRemoved: 3,
    smsOptIns: 1,
  }),
];

const dashboard: CollectionsDashboard = {
  from: '2026-01-01',
  to: '2026-02-01',
  months: 3,
  days,
  byMonth: monthsOfDays(days),
  collectionRate: [
    {
      month: '2025-12',
      accruedKopecks: 1_000_000,
      paidKopecks: 913_000,
      rate: 0.913,
      complete: true,
    },
    { month: '2026-01', accruedKopecks: 0, paidKopecks: 0, rate: null, complete: false },
  ],
  longMonths: 3,
  callListSince: '2026-02-01',
  computedAt: new Date('2026-02-01T10:00:00Z'),
};

describe('uahCell and percentCell', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [150_050, '1500.50'],
    [-1_234_56, '-1234.56'],
  ])('%s kopecks → %s', (kopecks, text) => {
    expect(uahCell(kopecks)).toBe(text);
  });
  it('gives a percentage with one decimal, empty when unknown', () => {
    expect(percentCell(0.913)).toBe('91.3');
    expect(percentCell(1)).toBe('100.0');
    expect(percentCell(0.12345)).toBe('12.3');
    expect(percentCell(null)).toBe('');
  });
});

describe('collectionsCsv', () => {
  it('writes a header and one CRLF line per day, unknown figures empty', () => {
    expect(collectionsCsv(dashboard, 'debtors')).toBe(
      'day,debtors,debtors_3_months_plus,overdue_uah,source\r\n' +
        '2026-01-31,120000,60000,1234567.89,LEDGER\r\n' +
        '2026-02-01,119999,59990,0.05,LIVE\r\n',
    );
    expect(collectionsCsv(dashboard, 'call-list')).toBe(
      'day,on_call_list,added,removed\r\n2026-01-31,,0,4\r\n2026-02-01,10,10,3\r\n',
    );
  });

  it('writes the collection rate per billing month', () => {
    expect(collectionsCsv(dashboard, 'collection-rate')).toBe(
      'billing_month,accrued_uah,paid_next_month_uah,rate_percent,complete\r\n' +
        '2025-12,10000.00,9130.00,91.3,yes\r\n' +
        '2026-01,0.00,0.00,,no\r\n',
    );
  });

  it('adds the days up per month for the monthly charts', () => {
    expect(collectionsCsv(dashboard, 'call-list-exits')).toBe(
      'month,paid,paid_below_threshold,sms_opt_in,dispute_open,payment_plan,other\r\n' +
        '2026-01,4,0,0,0,0,0\r\n2026-02,0,0,1,0,0,2\r\n',
    );
    expect(collectionsCsv(dashboard, 'payments').split('\r\n')[1]).toBe(
      '2026-01-31,2,1500.50,0,0.00',
    );
  });

  it('knows its charts', () => {
    expect(isDashboardChart('debtors')).toBe(true);
    expect(isDashboardChart('../audit')).toBe(false);
    expect(isDashboardChart(undefined)).toBe(false);
  });
});
