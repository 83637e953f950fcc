/**
 * The arithmetic of the console's server-rendered SVG charts (docs/dashboard.md): a "nice" axis
 * maximum and its ticks, the linear scale, a line's path with gaps, which labels to print. Pure
 * functions of numbers: unit-tested in chart-scale.test.ts.
 */
import { niceCeiling } from '../../resident/chart-geometry';

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `max`, at least 1 (the resident chart's rule). */
export function niceMax(max: number): number {
  return niceCeiling(max, 1);
}

/**
 * The grid values from 0 to niceMax(max), in round steps: a top of 1, 2 or 5 counts in ones;
 * above, a top of 2 × 10ⁿ in quarters, others in fifths (10 → 2, 25 → 5, 50 → 10), so that every
 * label of a count is a whole number.
 */
export function ticks(max: number): number[] {
  const top = niceMax(max);
  const leading = top / 10 ** Math.floor(Math.log10(top));
  const intervals = top <= 5 && Number.isInteger(top) ? top : leading === 2 ? 4 : 5;
  return Array.from({ length: intervals + 1 }, (_, i) => (top * i) / intervals);
}

/** Ticks every `step` from 0 to the first multiple of `step` at or above `max` (percentages). */
export function stepTicks(max: number, step: number): number[] {
  const top = Math.max(step, Math.ceil(max / step) * step);
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

/** Maps [0, domainMax] onto [rangeStart, rangeEnd] (an SVG y axis runs downwards: pass them so). */
export function linearScale(
  domainMax: number,
  rangeStart: number,
  rangeEnd: number,
): (value: number) => number {
  const span = domainMax === 0 ? 1 : domainMax;
  return (value) => rangeStart + ((rangeEnd - rangeStart) * value) / span;
}

/** A number for an SVG attribute: at most one decimal, no "-0". */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * The `d` of a line through the known values, at x(i), y(value): a null value breaks the line
 * (a day with no figure is not drawn as zero), and a lone value between gaps is a dot-sized
 * segment so that it still shows.
 */
export function linePath(
  values: readonly (number | null)[],
  x: (index: number) => number,
  y: (value: number) => number,
): string {
  const parts: string[] = [];
  let open = false;
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) {
      open = false;
      return;
    }
    const next = values[i + 1];
    const lone = !open && (next === null || next === undefined);
    parts.push(`${open ? 'L' : 'M'}${px(x(i))} ${px(y(value))}`);
    if (lone) parts.push(`h0.1`);
    open = true;
  });
  return parts.join(' ');
}

/**
 * Which of `count` labels to print on an axis `width` wide when each needs about `labelWidth`:
 * every k-th, starting at the first, so that they never overlap.
 */
export function labelStride(count: number, width: number, labelWidth: number): number {
  if (count <= 0) return 1;
  const fit = Math.max(1, Math.floor(width / labelWidth));
  return Math.max(1, Math.ceil(count / fit));
}

/** The indexes of the days that start a month ('YYYY-MM-01'), the first day always included. */
export function monthStarts(days: readonly string[]): number[] {
  return days.flatMap((day, i) => (i === 0 || day.endsWith('-01') ? [i] : []));
}
