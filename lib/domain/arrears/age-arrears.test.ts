import { describe, expect, it } from 'vitest';
import type { MonthKey } from '../../dates';
import {
  ageArrears,
  bucketOf,
  dueDateOf,
  type MonthlyDebit,
  notOverdueUntil,
  overdueFromMonth,
} from './age-arrears';

/** Hand-worked cases below assume the default: due at the end of the next month. */
const DUE_NEXT_MONTH = { dueMonthsAfter: 1 };

const bills = (amount: number, ...months: MonthKey[]): MonthlyDebit[] =>
  months.map((month) => ({ month, amount }));

const julToOct = bills(30_000, '2026-07', '2026-08', '2026-09', '2026-10');

describe('overdueFromMonth', () => {
  it.each([
    ['2026-07', 1, '2026-09'],
    ['2026-11', 1, '2027-01'],
    ['2026-12', 1, '2027-02'],
    ['2026-07', 0, '2026-08'],
  ] as const)(
    'an accrual for %s due %i month(s) later is overdue from %s',
    (month, after, from) => {
      expect(overdueFromMonth(month, { dueMonthsAfter: after })).toBe(from);
    },
  );
});

describe('bucketOf', () => {
  it.each([
    [0, '0-1'],
    [1, '1-3'],
    [2, '1-3'],
    [3, '3-6'],
    [5, '3-6'],
    [6, '6-12'],
    [11, '6-12'],
    [12, '12+'],
    [30, '12+'],
  ] as const)('%i full months overdue → %s', (months, bucket) => {
    expect(bucketOf(months)).toBe(bucket);
  });
});

describe('ageArrears (FIFO, as of November 2026, due at the end of the next month)', () => {
  // Four bills of 300.00 UAH for July..October 2026, evaluated in November 2026:
  //   July      overdue from September → 2 full months (Sep, Oct)
  //   August    overdue from October   → 1
  //   September overdue from November  → 0 (overdue, but no full month yet)
  //   October   due at the end of November → not overdue
  const table = [
    {
      name: 'nothing paid',
      credits: 0,
      expected: {
        balance: 120_000,
        amountDue: 120_000,
        overdue: 90_000,
        overdueMonths: 2,
        oldestOverdueMonth: '2026-07',
        buckets: { '0-1': 30_000, '1-3': 60_000, '3-6': 0, '6-12': 0, '12+': 0 },
      },
    },
    {
      name: 'a partial payment of 450.00 settles July and half of August',
      credits: 45_000,
      expected: {
        balance: 75_000,
        amountDue: 75_000,
        overdue: 45_000,
        overdueMonths: 1,
        oldestOverdueMonth: '2026-08',
        buckets: { '0-1': 30_000, '1-3': 15_000, '3-6': 0, '6-12': 0, '12+': 0 },
      },
    },
    {
      name: 'paying exactly the overdue 900.00 leaves only the October bill, not yet due',
      credits: 90_000,
      expected: {
        balance: 30_000,
        amountDue: 30_000,
        overdue: 0,
        overdueMonths: 0,
        oldestOverdueMonth: null,
        buckets: { '0-1': 0, '1-3': 0, '3-6': 0, '6-12': 0, '12+': 0 },
      },
    },
    {
      name: 'an overpayment of 1,500.00 carries 300.00 forward as credit',
      credits: 150_000,
      expected: {
        balance: -30_000,
        amountDue: 0,
        overdue: 0,
        overdueMonths: 0,
        oldestOverdueMonth: null,
        buckets: { '0-1': 0, '1-3': 0, '3-6': 0, '6-12': 0, '12+': 0 },
      },
    },
    {
      name: 'a payment of 1,200.00 then its reversal nets to no credit: back to nothing paid',
      credits: 120_000 - 120_000,
      expected: {
        balance: 120_000,
        amountDue: 120_000,
        overdue: 90_000,
        overdueMonths: 2,
        oldestOverdueMonth: '2026-07',
        buckets: { '0-1': 30_000, '1-3': 60_000, '3-6': 0, '6-12': 0, '12+': 0 },
      },
    },
  ] as const;

  it.each(table)('$name', ({ credits, expected }) => {
    const report = ageArrears({
      rules: DUE_NEXT_MONTH,
      debits: julToOct,
      credits,
      asOfMonth: '2026-11',
    });
    expect(report).toMatchObject(expected);
  });

  it('a credit adjustment clears the oldest month, whatever month it names', () => {
    // January..October 2026 at 200.00; a 200.00 credit adjustment posted in November.
    const debits = bills(
      20_000,
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    );
    const report = ageArrears({
      rules: DUE_NEXT_MONTH,
      debits,
      credits: 20_000,
      asOfMonth: '2026-11',
    });
    // February is overdue from April: Apr..Oct = 7 full months.
    expect(report.oldestOverdueMonth).toBe('2026-02');
    expect(report.overdueMonths).toBe(7);
    expect(report.overdue).toBe(8 * 20_000); // Feb..Sep
    expect(report.buckets).toEqual({
      '0-1': 20_000, // Sep
      '1-3': 40_000, // Aug, Jul
      '3-6': 60_000, // Jun, May, Apr
      '6-12': 40_000, // Mar, Feb
      '12+': 0,
    });
  });

  it('a tariff change mid-history: old and new rates age the same way', () => {
    // 50.00 m² at 3.50 UAH/m² (old) for May–Aug 2025, at 7.00 UAH/m² (new) from Sep 2025.
    const debits: MonthlyDebit[] = [
      ...bills(17_500, '2025-05', '2025-06', '2025-07', '2025-08'),
      ...bills(35_000, '2025-09', '2025-10'),
    ];
    // Paid 500.00: May (175.00), June (175.00), and 150.00 of July.
    const report = ageArrears({
      rules: DUE_NEXT_MONTH,
      debits,
      credits: 50_000,
      asOfMonth: '2025-12',
    });
    expect(report.balance).toBe(4 * 17_500 + 2 * 35_000 - 50_000);
    expect(report.unsettled).toEqual([
      { month: '2025-07', amount: 2_500, overdueMonths: 3 }, // overdue from Sep: Sep, Oct, Nov
      { month: '2025-08', amount: 17_500, overdueMonths: 2 },
      { month: '2025-09', amount: 35_000, overdueMonths: 1 },
      { month: '2025-10', amount: 35_000, overdueMonths: 0 },
    ]);
    expect(report.overdueMonths).toBe(3);
    expect(report.overdue).toBe(2_500 + 17_500 + 35_000 + 35_000);
  });

  it('ages across a year boundary', () => {
    const report = ageArrears({
      rules: DUE_NEXT_MONTH,
      debits: bills(10_000, '2025-11', '2025-12'),
      credits: 0,
      asOfMonth: '2026-03',
    });
    // Nov 2025 overdue from Jan 2026 → Jan, Feb = 2; Dec 2025 from Feb → 1.
    expect(report.overdueMonths).toBe(2);
    expect(report.overdue).toBe(20_000);
  });

  it('the debit order given does not matter', () => {
    const shuffled = [julToOct[2], julToOct[0], julToOct[3], julToOct[1]].filter(
      (debit): debit is MonthlyDebit => debit !== undefined,
    );
    expect(
      ageArrears({
        rules: DUE_NEXT_MONTH,
        debits: shuffled,
        credits: 45_000,
        asOfMonth: '2026-11',
      }),
    ).toEqual(
      ageArrears({
        rules: DUE_NEXT_MONTH,
        debits: julToOct,
        credits: 45_000,
        asOfMonth: '2026-11',
      }),
    );
  });

  it('a longer grace period (due two months later) delays ageing by a month', () => {
    const report = ageArrears({
      debits: julToOct,
      credits: 0,
      asOfMonth: '2026-11',
      rules: { dueMonthsAfter: 2 },
    });
    expect(report.overdueMonths).toBe(1);
    expect(report.overdue).toBe(60_000);
  });
});

describe('notOverdueUntil', () => {
  const rules = { dueMonthsAfter: 1 };
  it('gives the due date while the bill is not overdue, then null', () => {
    // November's bill is due by 31 December: not overdue on 1 or 31 December, overdue in January.
    expect(notOverdueUntil('2026-11', new Date('2026-12-01T08:00:00Z'), rules)).toEqual(
      dueDateOf('2026-11', rules),
    );
    expect(notOverdueUntil('2026-11', new Date('2026-12-31T20:00:00Z'), rules)).not.toBeNull();
    expect(notOverdueUntil('2026-11', new Date('2027-01-01T08:00:00Z'), rules)).toBeNull();
    expect(notOverdueUntil('2026-10', new Date('2026-12-01T08:00:00Z'), rules)).toBeNull();
  });
});
