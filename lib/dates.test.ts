import { describe, expect, it } from 'vitest';
import { addMonths, kyivMonthOf, monthKeyOfDate, monthStartDate, monthsBetween } from './dates';

describe('Kyiv month boundaries', () => {
  it.each([
    // Winter (UTC+2): 22:30 UTC on 31 October is 00:30 on 1 November in Kyiv.
    ['2026-10-31T22:30:00Z', '2026-11'],
    ['2026-10-31T21:59:59Z', '2026-10'],
    // Summer (UTC+3): 21:30 UTC on 30 June is 00:30 on 1 July in Kyiv.
    ['2026-06-30T21:30:00Z', '2026-07'],
    ['2026-06-30T20:59:59Z', '2026-06'],
    // New year
    ['2025-12-31T22:00:00Z', '2026-01'],
  ])('%s is in %s in Kyiv', (instant, month) => {
    expect(kyivMonthOf(new Date(instant))).toBe(month);
  });
});

describe('month arithmetic', () => {
  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2024-11', 24, '2026-11'],
  ] as const)('%s + %i = %s', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
    expect(monthsBetween(from, to)).toBe(n);
  });

  it('round-trips a DATE column value', () => {
    expect(monthKeyOfDate(monthStartDate('2026-02'))).toBe('2026-02');
    expect(monthStartDate('2026-02').toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });
});
