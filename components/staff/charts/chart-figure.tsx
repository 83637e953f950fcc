import type { ReactNode } from 'react';
import { Table } from '../ui';

/** A figure's cell (a daily table has hundreds of rows: the classes are kept short). */
const FIGURE = 'px-2 py-1 text-right tabular-nums';

/**
 * A chart with what a reader needs beside it: its heading and a sentence of what it shows, a
 * legend in text, the figures as a table (folded away: a <details>, so the page stays short and
 * every figure is still there for a screen reader or a copy), and the CSV export.
 */
export function ChartFigure({
  id,
  title,
  summary,
  legend,
  children,
  table,
  csvHref,
  note,
}: {
  id: string;
  title: string;
  summary: string;
  legend: { name: string; colour: string; dashed?: boolean }[];
  children: ReactNode;
  table: { caption: string; head: string[]; rows: (string | number)[][] };
  csvHref: string;
  note?: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mt-8 rounded border border-slate-300 p-4">
      <h2 id={`${id}-heading`} className="text-xl font-semibold">
        {title}
      </h2>
      <p className="mt-1 text-slate-800">{summary}</p>
      <ul className="mt-2 flex flex-wrap gap-4 text-sm" aria-label="Умовні позначення">
        {legend.map((item) => (
          <li key={item.name} className="flex items-center gap-2">
            <svg width="24" height="10" aria-hidden="true" focusable="false">
              <line
                x1="0"
                x2="24"
                y1="5"
                y2="5"
                stroke={item.colour}
                strokeWidth="6"
                strokeDasharray={item.dashed ? '6 3' : undefined}
              />
            </svg>
            {item.name}
          </li>
        ))}
      </ul>
      <div className="mt-2">{children}</div>
      {note && <p className="mt-2 text-sm text-slate-700">{note}</p>}
      <div className="mt-2 flex flex-wrap items-start gap-6">
        <details className="min-w-0 flex-1">
          <summary className="cursor-pointer text-brand-800 underline">Дані таблицею</summary>
          <div className="mt-2 max-h-96 overflow-y-auto">
            <Table caption={table.caption} head={table.head}>
              {table.rows.map((row) => (
                <tr key={String(row[0])} className="border-b border-slate-200">
                  {row.map((cell, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row are positional
                    <td key={i} className={i > 0 ? FIGURE : 'px-2 py-1'}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </Table>
          </div>
        </details>
        <a className="text-brand-800 underline" href={csvHref} download>
          Завантажити CSV
        </a>
      </div>
    </section>
  );
}
