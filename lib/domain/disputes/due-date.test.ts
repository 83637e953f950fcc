import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './due-date';

describe('addWorkingDays', () => {
  const none = new Set<string>();
  it.each([
    // Monday 2026-11-30 + 1 → Tuesday; + 5 → next Monday; + 15 → Monday 2026-12-21.
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-11-30', 5, '2026-12-07'],
    ['2026-11-30', 15, '2026-12-21'],
    // Friday + 1 → Monday; Saturday + 1 → Monday.
    ['2026-12-04', 1, '2026-12-07'],
    ['2026-12-05', 1, '2026-12-07'],
  ])('%s + %i working days = %s', (from, days, expected) => {
    expect(addWorkingDays(from, days, none)).toBe(expected);
  });

  it('skips configured holidays', () => {
    // Thursday 2026-12-24 + 1, with 25 December a holiday → Monday 28th.
    expect(addWorkingDays('2026-12-24', 1, new Set(['2026-12-25']))).toBe('2026-12-28');
  });
});
