import { describe, expect, it } from 'vitest';
import { accrualKopecks, monthlyAccrualKopecks } from './money';

describe('accrualKopecks: area × rate, rounded half-up to the kopeck', () => {
  it.each([
    // area m², rate UAH/m², exact product, kopecks
    [5_000, 350, 17_500], // 50.00 × 3.50 = 175.00
    [4_537, 295, 13_384], // 45.37 × 2.95 = 133.8415 → 133.84
    [4_510, 295, 13_305], // 45.10 × 2.95 = 133.045 → 133.05 (half-up)
    [1, 50, 1], // 0.01 × 0.50 = 0.005 → 0.01 (half-up)
    [1, 49, 0], // 0.01 × 0.49 = 0.0049 → 0.00
    [6_233, 712, 44_379], // 62.33 × 7.12 = 443.7896 → 443.79
    [0, 712, 0],
  ])('%i cm² × %i kop/m² = %i kop', (area, rate, expected) => {
    expect(accrualKopecks(area, rate)).toBe(expected);
  });

  it('refuses fractional or negative inputs', () => {
    expect(() => accrualKopecks(10.5, 100)).toThrow(RangeError);
    expect(() => accrualKopecks(-1, 100)).toThrow(RangeError);
  });
});

describe('monthlyAccrualKopecks', () => {
  it('rounds each service line, as the bill does, not the summed rate', () => {
    // 45.37 m² × 1.50 = 68.055 → 68.06; × 2.50 = 113.425 → 113.43; the bill: 181.49.
    expect(monthlyAccrualKopecks(4_537, [150, 250])).toBe(18_149);
    // Rounding 45.37 × 4.00 once would say 181.48: the one-kopeck contradiction it avoids.
    expect(accrualKopecks(4_537, 400)).toBe(18_148);
    expect(monthlyAccrualKopecks(4_537, [])).toBe(0);
  });
});
