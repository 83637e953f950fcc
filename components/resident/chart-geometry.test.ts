import { describe, expect, it } from 'vitest';
import { type ChartBox, computeChartGeometry, niceCeiling } from './chart-geometry';

describe('niceCeiling', () => {
  it.each([
    [0, 100, 100],
    [1, 1, 1],
    [7, 1, 10],
    [101, 1, 200],
    [201, 1, 250],
    [444.29, 1, 500],
    [501, 1, 1000],
    [1000, 1, 1000],
    [2300, 1, 2500],
    [15_000, 1, 20_000],
  ])('niceCeiling(%d, floor %d) = %d', (value, floor, expected) => {
    expect(niceCeiling(value, floor)).toBe(expected);
  });
});

const box: ChartBox = { width: 240, height: 120, left: 40, right: 0, top: 10, bottom: 10 };

describe('computeChartGeometry', () => {
  it('scales bars to a round maximum and splits each month into two bars', () => {
    // 2 months, plot 200 × 100 → a 100-wide slot per month; max 444,29 ₴ → scale top 500 ₴.
    const geometry = computeChartGeometry(
      [
        { month: '2025-12', accrued: 44_429, paid: 0 },
        { month: '2026-01', accrued: 44_429, paid: 25_000 },
      ],
      box,
    );
    expect(geometry.max).toBe(50_000);
    expect(geometry.baseline).toBe(110);
    expect(geometry.ticks).toEqual([
      { value: 0, y: 110 },
      { value: 25_000, y: 60 },
      { value: 50_000, y: 10 },
    ]);
    const [december, january] = geometry.groups;
    // bar width 38, gap 6 → bars start at 40 + (100 − 82) / 2 = 49.
    expect(december?.accrued).toEqual({ x: 49, y: 21.14, width: 38, height: 88.86, value: 44_429 });
    expect(december?.paid).toEqual({ x: 93, y: 110, width: 38, height: 0, value: 0 });
    expect(january?.paid).toMatchObject({ x: 193, y: 60, height: 50 });
  });

  it('labels the year under January and under a first month with room before it', () => {
    const months = ['2024-12', '2025-01', '2025-02'].map((month) => ({
      month,
      accrued: 1,
      paid: 1,
    }));
    expect(computeChartGeometry(months, box).groups.map((g) => g.yearLabel?.text ?? null)).toEqual([
      null,
      '2025',
      null,
    ]);
    const fromSeptember = ['2024-09', '2024-10'].map((month) => ({ month, accrued: 1, paid: 1 }));
    expect(computeChartGeometry(fromSeptember, box).groups[0]?.yearLabel?.text).toBe('2024');
  });

  it('draws an all-zero or empty chart with a 100 ₴ scale and no negative bars', () => {
    const geometry = computeChartGeometry([{ month: '2026-03', accrued: 0, paid: -500 }], box);
    expect(geometry.max).toBe(10_000);
    expect(geometry.groups[0]?.paid.height).toBe(0);
    expect(computeChartGeometry([], box).groups).toEqual([]);
  });
});
