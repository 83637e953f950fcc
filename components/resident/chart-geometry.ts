/**
 * Geometry of the accruals-vs-payments bar chart, kept apart from the markup so the numbers can
 * be unit-tested. Pure: no React, no DOM. Coordinates are in the SVG's viewBox units; the
 * browser scales the whole drawing to the column width, so nothing depends on the screen.
 */
export type ChartPoint = { month: string; accrued: number; paid: number };

export type ChartBox = {
  width: number;
  height: number;
  /** Space kept free for the y-axis labels (left) and the x-axis labels (bottom). */
  left: number;
  right: number;
  top: number;
  bottom: number;
};

export type ChartBar = { x: number; y: number; width: number; height: number; value: number };

export type ChartGeometry = {
  box: ChartBox;
  /** The value at the top of the plot: a round number ≥ the largest bar. */
  max: number;
  baseline: number;
  /** Horizontal grid lines at 0, max/2 and max. */
  ticks: { y: number; value: number }[];
  groups: {
    month: string;
    accrued: ChartBar;
    paid: ChartBar;
    /** Year label under January (and under the first month when a year starts mid-window). */
    yearLabel: { x: number; text: string } | null;
  }[];
};

export const DEFAULT_CHART_BOX: ChartBox = {
  width: 400,
  height: 200,
  left: 56,
  right: 4,
  top: 10,
  bottom: 24,
};

/**
 * The smallest "round" number (1, 2, 2.5 or 5 × a power of ten) that is ≥ value. Used in whole
 * hryvnias so the top grid line reads "1 000 ₴", not "937,41 ₴". Never below `floor`.
 */
export function niceCeiling(value: number, floor = 1): number {
  if (!(value > floor)) return floor;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= value) return candidate;
  }
  return 10 * magnitude;
}

/** Bar chart of two series per month; values are kopecks (≥ 0; negative values draw as 0). */
export function computeChartGeometry(
  points: readonly ChartPoint[],
  box: ChartBox = DEFAULT_CHART_BOX,
): ChartGeometry {
  const largest = Math.max(0, ...points.flatMap((p) => [p.accrued, p.paid]));
  // Round in hryvnias (100 kopecks), at least 100 ₴ so an all-zero chart still has a scale.
  const max = niceCeiling(Math.ceil(largest / 100), 100) * 100;
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.top + plotHeight;
  const slot = points.length > 0 ? plotWidth / points.length : plotWidth;
  const barWidth = slot * 0.38;
  const gap = slot * 0.06;

  const bar = (x: number, value: number): ChartBar => {
    const clamped = Math.max(0, value);
    const height = (clamped / max) * plotHeight;
    return {
      x: round(x),
      y: round(baseline - height),
      width: round(barWidth),
      height: round(height),
      value,
    };
  };

  const groups = points.map((point, index) => {
    const start = box.left + index * slot + (slot - 2 * barWidth - gap) / 2;
    const isJanuary = point.month.endsWith('-01');
    // A year label at the first month only when that year has room (≥ 3 months) before January.
    const firstWithRoom = index === 0 && !isJanuary && monthNumber(point.month) <= 10;
    const yearLabel =
      isJanuary || firstWithRoom
        ? { x: round(box.left + index * slot + slot / 2), text: point.month.slice(0, 4) }
        : null;
    return {
      month: point.month,
      accrued: bar(start, point.accrued),
      paid: bar(start + barWidth + gap, point.paid),
      yearLabel,
    };
  });

  return {
    box,
    max,
    baseline: round(baseline),
    ticks: [0, max / 2, max].map((value) => ({
      value,
      y: round(baseline - (value / max) * plotHeight),
    })),
    groups,
  };
}

function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
