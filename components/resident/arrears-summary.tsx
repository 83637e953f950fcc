import { AGEING_BUCKETS, type ArrearsReport } from '@/lib/domain/arrears/age-arrears';
import { formatMonth, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

/** Amount due, the overdue part and its age (with the ageing buckets), and a "Pay" action. */
export function ArrearsSummary({
  arrears,
  accountNumber,
  locale,
  messages: m,
}: {
  arrears: ArrearsReport;
  accountNumber: string;
  locale: Locale;
  messages: Messages;
}) {
  return (
    <section
      aria-labelledby="arrears-title"
      className="mt-6 rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="arrears-title" className="sr-only">
        {m.overview.amountDue}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] items-baseline gap-x-4 gap-y-1">
        <dt className="text-slate-600">{m.overview.amountDue}</dt>
        <dd className="text-2xl font-bold tabular-nums" data-testid="amount-due">
          {formatUah(arrears.amountDue, locale)}
        </dd>
        <dt className="text-slate-600">{m.overview.overdue}</dt>
        <dd className="font-semibold tabular-nums" data-testid="overdue">
          {formatUah(arrears.overdue, locale)}
        </dd>
      </dl>
      <p className="mt-2">
        {arrears.oldestOverdueMonth
          ? interpolate(m.overview.overdueSince, {
              month: formatMonth(arrears.oldestOverdueMonth, locale),
              months: arrears.overdueMonths,
            })
          : m.overview.nothingOverdue}
      </p>
      {arrears.overdue > 0 && (
        <table className="mt-3 w-full max-w-sm border-collapse text-sm">
          <caption className="text-left font-semibold">{m.overview.ageingTitle}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-1 pr-2">
                {m.overview.ageingMonths}
              </th>
              <th scope="col" className="py-1 text-right">
                {m.overview.ageingAmount}
              </th>
            </tr>
          </thead>
          <tbody>
            {AGEING_BUCKETS.map((bucket) => (
              <tr key={bucket} className="border-b border-slate-100">
                <th scope="row" className="py-1 pr-2 text-left font-normal">
                  {m.overview.buckets[bucket]}
                </th>
                <td className="py-1 text-right tabular-nums">
                  {formatUah(arrears.buckets[bucket], locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {arrears.amountDue > 0 && (
        <a
          href={`/pay?account=${encodeURIComponent(accountNumber)}`}
          className="mt-4 inline-flex min-h-12 items-center justify-center rounded bg-brand-700 px-6 text-lg font-semibold text-white no-underline hover:bg-brand-800"
        >
          {m.overview.payNow}
        </a>
      )}
    </section>
  );
}
