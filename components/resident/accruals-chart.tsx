import { formatMonth, formatUah } from '@/lib/i18n/format';
import { INTL_LOCALE, type Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import { type ChartPoint, computeChartGeometry } from './chart-geometry';

const ACCRUED_COLOUR = '#0b5394'; // brand-700: 7.9:1 on white
const PAID_COLOUR = '#15803d'; // green-700: 5.0:1 on white

/**
 * Accruals vs payments per month as a server-rendered SVG bar chart (no chart library, no
 * client JavaScript). Screen readers get the title and a one-sentence summary (role="img"),
 * and everyone can open the same numbers as a table.
 */
export function AccrualsChart({
  points,
  locale,
  messages: m,
}: {
  points: readonly ChartPoint[];
  locale: Locale;
  messages: Messages;
}) {
  const geometry = computeChartGeometry(points);
  const { box } = geometry;
  const first = points[0]?.month;
  const last = points.at(-1)?.month;
  const wholeUah = new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'currency',
    currency: 'UAH',
    maximumFractionDigits: 0,
  });
  const summary = interpolate(m.statement.chartSummary, {
    from: first ? formatMonth(first, locale) : '',
    to: last ? formatMonth(last, locale) : '',
    accrued: formatUah(
      points.reduce((sum, p) => sum + p.accrued, 0),
      locale,
    ),
    paid: formatUah(
      points.reduce((sum, p) => sum + p.paid, 0),
      locale,
    ),
  });

  return (
    <section aria-labelledby="chart-title" className="mt-6">
      <h2 id="chart-title" className="text-xl font-bold">
        {m.statement.chartTitle}
      </h2>
      <div className="mt-2 rounded border border-slate-200 bg-white p-2">
        <svg
          viewBox={`0 0 ${box.width} ${box.height}`}
          role="img"
          aria-labelledby="chart-svg-title chart-svg-desc"
          className="block h-auto w-full max-w-xl"
        >
          <title id="chart-svg-title">{m.statement.chartTitle}</title>
          <desc id="chart-svg-desc">{summary}</desc>
          {geometry.ticks.map((tick) => (
            <g key={tick.value}>
              <line
                x1={box.left}
                x2={box.width - box.right}
                y1={tick.y}
                y2={tick.y}
                stroke={tick.value === 0 ? '#334155' : '#cbd5e1'}
                strokeWidth={1}
              />
              <text x={box.left - 4} y={tick.y + 4} textAnchor="end" fontSize={11} fill="#334155">
                {wholeUah.format(tick.value / 100)}
              </text>
            </g>
          ))}
          {geometry.groups.map((group) => (
            <g key={group.month}>
              <rect {...rectProps(group.accrued)} fill={ACCRUED_COLOUR} />
              <rect {...rectProps(group.paid)} fill={PAID_COLOUR} />
              {group.yearLabel && (
                <text
                  x={group.yearLabel.x}
                  y={geometry.baseline + 16}
                  textAnchor="middle"
                  fontSize={11}
                  fill="#334155"
                >
                  {group.yearLabel.text}
                </text>
              )}
            </g>
          ))}
        </svg>
        <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <li className="flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-3 w-3 bg-[#0b5394]" />
            {m.statement.legendAccrued}
          </li>
          <li className="flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-3 w-3 bg-[#15803d]" />
            {m.statement.legendPaid}
          </li>
        </ul>
      </div>
      <details className="mt-2">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-brand-800 underline">
          {m.statement.chartTable}
        </summary>
        <table className="mt-2 w-full border-collapse bg-white text-sm">
          <caption className="sr-only">{m.statement.chartTitle}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="p-2">
                {m.statement.month}
              </th>
              <th scope="col" className="p-2 text-right">
                {m.statement.accrued}
              </th>
              <th scope="col" className="p-2 text-right">
                {m.statement.paid}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.month} className="border-b border-slate-100">
                <th scope="row" className="p-2 text-left font-normal">
                  {formatMonth(point.month, locale)}
                </th>
                <td className="p-2 text-right tabular-nums">{formatUah(point.accrued, locale)}</td>
                <td className="p-2 text-right tabular-nums">{formatUah(point.paid, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function rectProps(bar: { x: number; y: number; width: number; height: number }) {
  return { x: bar.x, y: bar.y, width: bar.width, height: bar.height };
}
