import type {
  StatementMonth,
  StatementMovement,
} from '@/lib/domain/statements/get-account-statement';
import { formatDate, formatMonth, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import {
  capitalizeFirst,
  formatAccrualFormula,
  formatBalance,
  formatMonthStart,
} from './resident-format';

/**
 * One month of the statement as a disclosure (native <details>: no JavaScript): the summary
 * line says what was charged, paid and owed; opened, it shows each accrual as area × rate =
 * amount under the tariff in force, the payments (with receipt numbers), adjustments and
 * reversals, and the balance before and after. Under a line, "rate since …" is said where the
 * rate is new: the oldest month on the page, or a rate other than the month before's for that
 * service. Repeated under every line of every month it said nothing new, and it was a quarter
 * of the page's weight on a phone.
 */
export function StatementMonthView({
  month,
  previous,
  dueBy,
  open,
  locale,
  messages: m,
}: {
  month: StatementMonth;
  /** The month before, when it is on the page. */
  previous?: StatementMonth;
  /** When this month's bill is not overdue yet: the last day to pay it (rule 2). */
  dueBy: Date | null;
  open: boolean;
  locale: Locale;
  messages: Messages;
}) {
  const rateBefore = new Map(
    (previous?.accruals ?? []).map((line) => [
      line.service.code,
      `${line.tariffEffectiveFrom} ${line.rateKopecksPerSqm}`,
    ]),
  );
  const rateIsNew = (line: StatementMonth['accruals'][number]) =>
    rateBefore.get(line.service.code) !== `${line.tariffEffectiveFrom} ${line.rateKopecksPerSqm}`;
  const empty = month.accruals.length === 0 && month.movements.length === 0;
  const headingId = `month-${month.month}`;
  return (
    <li className="rounded border border-slate-200 bg-white">
      <details open={open} className="group">
        {/* A flex summary loses the browser's triangle: draw one that turns when opened. */}
        <summary className="flex min-h-12 cursor-pointer flex-col justify-center gap-0.5 px-3 py-2">
          <span id={headingId} className="flex items-center gap-2 font-semibold">
            <span
              aria-hidden="true"
              className="inline-block text-brand-800 transition-transform group-open:rotate-90"
            >
              ▸
            </span>
            {capitalizeFirst(formatMonth(month.month, locale), locale)}
          </span>
          <span className="text-sm text-slate-700">
            {interpolate(m.statement.monthSummary, {
              charged: formatUah(month.charged, locale),
              paid: formatUah(month.paid, locale),
              closing: formatBalance(month.closingBalance, locale, m),
            })}
          </span>
          {dueBy && month.charged > 0 && (
            <span className="text-sm text-slate-700">
              {interpolate(m.statement.notYetDue, { date: formatDate(dueBy, locale) })}
            </span>
          )}
        </summary>
        <div className="border-t border-slate-200 px-3 py-3">
          <p>
            <span className="text-slate-700">{m.statement.opening}: </span>
            {formatBalance(month.openingBalance, locale, m)}
          </p>
          {empty && <p className="mt-2">{m.statement.nothing}</p>}
          {month.accruals.length > 0 && (
            <>
              <h3 className="mt-3 font-semibold">{m.statement.accruals}</h3>
              <ul className="mt-1 flex flex-col gap-2">
                {month.accruals.map((line) => (
                  <li key={line.service.code}>
                    <span className="block">{line.service[locale]}</span>
                    <span className="block font-mono text-sm tabular-nums">
                      {formatAccrualFormula(line, locale, m)}
                    </span>
                    {rateIsNew(line) && (
                      <span className="block text-xs text-slate-700">
                        {interpolate(m.statement.tariffFrom, {
                          date: formatMonthStart(line.tariffEffectiveFrom, locale),
                        })}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {month.movements.length > 0 && (
            <>
              <h3 className="mt-3 font-semibold">{m.statement.movements}</h3>
              <ul className="mt-1 flex flex-col gap-2">
                {month.movements.map((movement) => (
                  <li key={`${movement.at.toISOString()}-${movement.kind}-${movement.amount}`}>
                    <span className="block">
                      {m.statement.kind[movement.kind]}, {formatDate(movement.at, locale)}:{' '}
                      <span className="font-semibold tabular-nums">
                        {signedAmount(movement.kind, movement.amount, locale)}
                      </span>
                    </span>
                    {movement.receiptNumber && (
                      <a
                        href={`/account/payments/${encodeURIComponent(movement.receiptNumber)}`}
                        className="inline-flex min-h-11 items-center text-sm text-brand-800 underline"
                      >
                        {interpolate(m.statement.receipt, { number: movement.receiptNumber })}
                      </a>
                    )}
                    {movement.memo && (
                      <span className="block text-sm text-slate-700">{movement.memo}</span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="mt-3 font-semibold">
            <span>{m.statement.closing}: </span>
            {formatBalance(month.closingBalance, locale, m)}
          </p>
          {month.accruals.length > 0 && (
            <p className="mt-2">
              <a
                href={`/account/bill/${month.month}`}
                className="inline-flex min-h-11 items-center text-brand-800 underline"
              >
                {interpolate(m.statement.billLink, { month: formatMonth(month.month, locale) })}
              </a>
            </p>
          )}
        </div>
      </details>
    </li>
  );
}

/**
 * A payment shows what was paid ("444,29 ₴"); adjustments and reversals show their effect on
 * the debt: "+" adds to it, "−" takes from it.
 */
function signedAmount(kind: StatementMovement['kind'], amount: number, locale: Locale): string {
  if (kind === 'PAYMENT') return formatUah(Math.abs(amount), locale);
  return `${amount > 0 ? '+' : '−'}${formatUah(Math.abs(amount), locale)}`;
}
