import type { CallListStanding } from '@/lib/domain/call-list/get-call-list-standing';
import { formatHryvniaInput } from '@/lib/domain/payments/payment-limits';
import { formatDate, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

type OutcomeOptions = {
  minOverdueMonths: number;
  minOverdueKopecks: number;
  smsHours: { from: string; to: string };
  locale: Locale;
  messages: Messages;
};

/** The outcome in sentences: the first is the news (taken off, still on), then the why. */
export function callListOutcomeLines(
  standing: CallListStanding,
  { minOverdueMonths, minOverdueKopecks, smsHours, locale, messages: m }: OutcomeOptions,
): string[] {
  const why = (reason: keyof Messages['overview']['reasons']) =>
    interpolate(m.overview.reasons[reason], {
      min: minOverdueMonths,
      amount: formatUah(minOverdueKopecks, locale),
      ...smsHours,
    });
  switch (standing.kind) {
    case 'REMOVED':
      return [
        interpolate(m.callListOutcome.removed, { date: formatDate(standing.at, locale) }),
        why(standing.reason),
      ];
    case 'ON_LIST':
      return [
        interpolate(m.callListOutcome.stillOnList, {
          date: formatDate(standing.since, locale),
          amount: formatUah(standing.overdue, locale),
        }),
      ];
    default:
      return [why(standing.reason)];
  }
}

/**
 * The one thing a debtor who has just paid wants to know: is the number still being called?
 * Taken off (when, and why in the rule's words), still on (since when, what is overdue, the
 * ways off, with a button for exactly the overdue part), or not on the list at all.
 */
export function CallListOutcome({
  standing,
  accountNumber,
  minOverdueMonths,
  minOverdueKopecks,
  smsHours,
  locale,
  messages: m,
  title,
  idSuffix = '',
}: {
  standing: CallListStanding;
  accountNumber: string;
  minOverdueMonths: number;
  minOverdueKopecks: number;
  smsHours: { from: string; to: string };
  locale: Locale;
  messages: Messages;
  /** The heading, when the page shows several accounts' outcomes (names the account). */
  title?: string;
  /** Keeps the heading's id unique when a page shows several outcomes. */
  idSuffix?: string;
}) {
  const titleId = `call-list-outcome-title${idSuffix ? `-${idSuffix}` : ''}`;
  const [news, ...why] = callListOutcomeLines(standing, {
    minOverdueMonths,
    minOverdueKopecks,
    smsHours,
    locale,
    messages: m,
  });
  return (
    <section
      aria-labelledby={titleId}
      className={`mt-4 rounded border p-3 ${standing.kind === 'ON_LIST' ? 'border-amber-300 bg-amber-50' : 'border-green-300 bg-green-50'}`}
      data-testid="call-list-outcome"
    >
      <h2 id={titleId} className="text-lg font-bold">
        {title ?? m.callListOutcome.title}
      </h2>
      <p className={`mt-1 ${standing.kind === 'REMOVED' ? 'font-semibold' : ''}`}>{news}</p>
      {why.map((line) => (
        <p key={line} className="mt-1">
          {line}
        </p>
      ))}
      {standing.kind === 'ON_LIST' && (
        <a
          href={`/pay?account=${encodeURIComponent(accountNumber)}&amount=${encodeURIComponent(formatHryvniaInput(standing.overdue))}`}
          className="mt-3 inline-flex min-h-12 items-center justify-center rounded bg-brand-700 px-6 font-semibold text-white no-underline hover:bg-brand-800"
        >
          {interpolate(m.callListOutcome.payOverdue, {
            amount: formatUah(standing.overdue, locale),
          })}
        </a>
      )}
    </section>
  );
}
