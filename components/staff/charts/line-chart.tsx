import type { ReactNode } from 'react';
import { labelStride, linearScale, linePath, px, ticks } from './chart-scale';

export type ChartSeries = {
  name: string;
  /** One value per label; null: not known (not drawn). */
  values: readonly (number | null)[];
  colour: string;
  dashed?: boolean;
};

/** The geometry every chart shares: a 720 × 260 view box, scaled to its container's width. */
export const CHART = { width: 720, height: 260, left: 64, right: 12, top: 12, bottom: 34 };

/**
 * The drawing itself: an image to assistive technology (role="img"), named by its <title> and
 * described by its <desc>; the figures are in the table beside it (ChartFigure).
 */
export function ChartSvg({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <svg
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      className="h-auto max-w-full"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** The frame: horizontal grid lines with their values on the left, the axis at zero. */
export function YAxis({
  values,
  format,
  y,
}: {
  values: readonly number[];
  format: (value: number) => string;
  y: (value: number) => number;
}) {
  return (
    <g>
      {values.map((tick) => (
        <g key={tick}>
          <line
            x1={CHART.left}
            x2={CHART.width - CHART.right}
            y1={px(y(tick))}
            y2={px(y(tick))}
            stroke={tick === 0 ? '#334155' : '#cbd5e1'}
            strokeWidth={1}
          />
          <text
            x={CHART.left - 6}
            y={px(y(tick) + 4)}
            textAnchor="end"
            fontSize={12}
            fill="#334155"
          >
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * A line chart as server-rendered SVG (no client JavaScript): role="img" with a <title> and a
 * <desc> naming what it shows, the figures themselves in the table beside it (ChartFigure).
 * `xLabels` are printed at `xTicks` (e.g. the first day of each month), thinned to fit.
 */
export function LineChart({
  id,
  title,
  description,
  series,
  xLabels,
  xTicks,
  format = (value) => String(value),
}: {
  id: string;
  title: string;
  description: string;
  series: ChartSeries[];
  xLabels: readonly string[];
  xTicks: readonly number[];
  format?: (value: number) => string;
}) {
  const count = Math.max(1, ...series.map((s) => s.values.length));
  const max = Math.max(
    0,
    ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
  );
  const grid = ticks(max);
  const top = grid.at(-1) ?? 1;
  const y = linearScale(top, CHART.height - CHART.bottom, CHART.top);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const x = (i: number) =>
    CHART.left + (count <= 1 ? plotWidth / 2 : (plotWidth * i) / (count - 1));
  const stride = labelStride(xTicks.length, plotWidth, 56);
  return (
    <ChartSvg id={id} title={title} description={description}>
      <YAxis values={grid} format={format} y={y} />
      {xTicks.map((index, k) =>
        k % stride === 0 ? (
          <text
            key={index}
            x={px(x(index))}
            y={CHART.height - CHART.bottom + 18}
            textAnchor="middle"
            fontSize={12}
            fill="#334155"
          >
            {xLabels[index]}
          </text>
        ) : null,
      )}
      {series.map((s) => (
        <path
          key={s.name}
          d={linePath(s.values, x, y)}
          fill="none"
          stroke={s.colour}
          strokeWidth={2.5}
          strokeLinejoin="round"
          strokeLinecap="round"
          strokeDasharray={s.dashed ? '6 4' : undefined}
        />
      ))}
    </ChartSvg>
  );
}
