import { labelStride, linearScale, px, stepTicks, ticks } from './chart-scale';
import { CHART, type ChartSeries, ChartSvg, YAxis } from './line-chart';

/**
 * A bar chart as server-rendered SVG: one group per label, the series side by side or stacked.
 * A `muted` group (a month still running) is drawn paler, and the description says so.
 * `reference` draws a dashed horizontal line (e.g. 100 %).
 */
export function BarChart({
  id,
  title,
  description,
  series,
  labels,
  stacked = false,
  muted = [],
  reference,
  minMax = 0,
  step,
  format = (value) => String(value),
}: {
  id: string;
  title: string;
  description: string;
  series: ChartSeries[];
  labels: readonly string[];
  stacked?: boolean;
  muted?: readonly boolean[];
  reference?: number;
  /** The axis reaches at least this far (e.g. 100 for percentages). */
  minMax?: number;
  /** Grid lines every `step` instead of a round maximum (e.g. 20 for percentages). */
  step?: number;
  format?: (value: number) => string;
}) {
  const value = (s: ChartSeries, i: number) => Math.max(0, s.values[i] ?? 0);
  const heights = labels.map((_, i) =>
    stacked
      ? series.reduce((sum, s) => sum + value(s, i), 0)
      : Math.max(0, ...series.map((s) => value(s, i))),
  );
  const max = Math.max(minMax, reference ?? 0, ...heights);
  const grid = step ? stepTicks(max, step) : ticks(max);
  const top = grid.at(-1) ?? 1;
  const y = linearScale(top, CHART.height - CHART.bottom, CHART.top);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const band = plotWidth / Math.max(1, labels.length);
  const barGroup = band * 0.75;
  const barWidth = stacked ? barGroup : barGroup / Math.max(1, series.length);
  const stride = labelStride(labels.length, plotWidth, 52);
  return (
    <ChartSvg id={id} title={title} description={description}>
      <YAxis values={grid} format={format} y={y} />
      {labels.map((label, i) => {
        const left = CHART.left + band * i + (band - barGroup) / 2;
        let base = 0;
        return (
          <g key={label} opacity={muted[i] ? 0.45 : 1}>
            {series.map((s, k) => {
              const v = value(s, i);
              const x = stacked ? left : left + barWidth * k;
              const y0 = y(base);
              const y1 = y(base + v);
              if (stacked) base += v;
              return v > 0 ? (
                <rect
                  key={s.name}
                  x={px(x)}
                  y={px(y1)}
                  width={px(Math.max(1, barWidth - (stacked ? 0 : 1)))}
                  height={px(Math.max(0.5, y0 - y1))}
                  fill={s.colour}
                />
              ) : null;
            })}
            {i % stride === 0 && (
              <text
                x={px(left + barGroup / 2)}
                y={CHART.height - CHART.bottom + 18}
                textAnchor="middle"
                fontSize={12}
                fill="#334155"
              >
                {label}
              </text>
            )}
          </g>
        );
      })}
      {reference !== undefined && (
        <line
          x1={CHART.left}
          x2={CHART.width - CHART.right}
          y1={px(y(reference))}
          y2={px(y(reference))}
          stroke="#0f172a"
          strokeWidth={1.5}
          strokeDasharray="6 4"
        />
      )}
    </ChartSvg>
  );
}
