import { describe, expect, it } from 'vitest';
import { addDays, instalmentDueDates, planSchedule, splitInstalments } from './plan-schedule';

describe('splitInstalments: equal to the kopeck, adding up exactly', () => {
  it.each([
    // total, count, instalments (worked by hand)
    [100_000, 3, [33_334, 33_333, 33_333]], // 1,000.00 in 3
    [656_082, 6, [109_347, 109_347, 109_347, 109_347, 109_347, 109_347]], // 6,560.82 / 6 exactly
    [656_083, 6, [109_348, 109_347, 109_347, 109_347, 109_347, 109_347]],
    [1_500_000, 12, Array(12).fill(125_000)], // 15,000.00 in 12
    // 1,000,001 = 12 × 83,333 + 5: the first five carry the extra kopeck.
    [1_000_001, 12, [...Array(5).fill(83_334), ...Array(7).fill(83_333)]],
    // 1,000,011 = 12 × 83,334 + 3.
    [1_000_011, 12, [...Array(3).fill(83_335), ...Array(9).fill(83_334)]],
    [5, 3, [2, 2, 1]],
  ])('%i kopecks in %i → %j', (total, count, expected) => {
    const parts = splitInstalments(total, count);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
  });

  it('sums exactly for every total and count in a sweep', () => {
    for (let count = 3; count <= 12; count++) {
      for (let total = count; total < 5_000; total += 7) {
        expect(splitInstalments(total, count).reduce((a, b) => a + b, 0)).toBe(total);
      }
    }
  });

  it('refuses what cannot be split into whole kopecks', () => {
    expect(() => splitInstalments(2, 3)).toThrow(RangeError);
    expect(() => splitInstalments(100, 0)).toThrow(RangeError);
  });
});

describe('instalmentDueDates: the same day each month, or the month’s last', () => {
  it.each([
    ['2026-12-01', 3, ['2027-01-01', '2027-02-01', '2027-03-01']],
    ['2027-01-31', 4, ['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']],
    ['2027-12-30', 3, ['2028-01-30', '2028-02-29', '2028-03-30']], // 2028 is a leap year
    ['2026-11-15', 2, ['2026-12-15', '2027-01-15']],
  ])('from %s, %i instalments → %j', (start, count, expected) => {
    expect(instalmentDueDates(start, count)).toEqual(expected);
  });
});

describe('planSchedule', () => {
  it('numbers the instalments from 1 with their dates and amounts', () => {
    expect(planSchedule(100_000, 3, '2026-12-01')).toEqual([
      { seq: 1, dueDate: '2027-01-01', amountKopecks: 33_334 },
      { seq: 2, dueDate: '2027-02-01', amountKopecks: 33_333 },
      { seq: 3, dueDate: '2027-03-01', amountKopecks: 33_333 },
    ]);
  });
});

describe('addDays', () => {
  it.each([
    ['2027-01-01', 11, '2027-01-12'],
    ['2027-02-20', 10, '2027-03-02'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s + %i → %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });
});
