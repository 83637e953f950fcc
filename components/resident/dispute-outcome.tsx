import type { ResidentDispute } from '@/lib/domain/disputes/get-resident-disputes';
import { formatDate, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import { TypedText } from './dispute-thread';

/** A 'YYYY-MM-DD' Kyiv day as a date in the reader's language. */
function formatDay(day: string, locale: Locale): string {
  // Noon UTC is the same calendar day in Kyiv whatever the season.
  return formatDate(new Date(`${day}T12:00:00Z`), locale);
}

/**
 * What the dispute means for calls and reminders, in plain words (DESIGN rule 9). While it is
 * unresolved: paused, by when we answer, and what happens after the decision; right after
 * opening, also that it was received and whether the number left the call list. Once resolved:
 * the decision (accepted with the correction and the balance now, or rejected with the reason),
 * and that the usual rules apply again.
 */
export function DisputeOutcome({
  dispute,
  justOpened,
  removedFromCallList,
  minOverdueMonths,
  locale,
  messages: m,
}: {
  dispute: ResidentDispute;
  justOpened: boolean;
  removedFromCallList: boolean;
  minOverdueMonths: number;
  locale: Locale;
  messages: Messages;
}) {
  const t = m.disputes;
  const min = minOverdueMonths;
  const { resolution } = dispute;
  if (!resolution) {
    return (
      <section
        aria-labelledby="dispute-outcome-title"
        className={`mt-6 flex flex-col gap-2 rounded border p-4 ${
          justOpened ? 'border-green-300 bg-green-50' : 'border-amber-300 bg-amber-50'
        }`}
        data-testid="dispute-outcome"
      >
        <h2 id="dispute-outcome-title" className="text-lg font-bold">
          {justOpened ? t.openedTitle : t.status[dispute.status]}
        </h2>
        {justOpened && removedFromCallList && <p>{t.openedRemoved}</p>}
        <p>{t.paused}</p>
        {dispute.dueOn && <p>{interpolate(t.dueBy, { date: formatDay(dispute.dueOn, locale) })}</p>}
        <p>{interpolate(t.afterResolution, { min })}</p>
      </section>
    );
  }
  const balance = resolution.kind === 'ACCEPTED' ? resolution.balanceKopecks : 0;
  return (
    <section
      aria-labelledby="dispute-outcome-title"
      className="mt-6 flex flex-col gap-2 rounded border border-slate-300 bg-white p-4"
      data-testid="dispute-outcome"
    >
      <h2 id="dispute-outcome-title" className="text-lg font-bold">
        {t.resolutionTitle}
      </h2>
      {resolution.kind === 'ACCEPTED' ? (
        <>
          <p>{interpolate(t.accepted, { date: formatDate(resolution.resolvedAt, locale) })}</p>
          {resolution.note && <TypedText text={resolution.note} />}
          {resolution.adjustmentKopecks !== 0 && (
            <p>
              {interpolate(resolution.adjustmentKopecks < 0 ? t.adjustmentDown : t.adjustmentUp, {
                amount: formatUah(Math.abs(resolution.adjustmentKopecks), locale),
              })}
            </p>
          )}
          <p className="font-semibold" data-testid="dispute-balance">
            {balance > 0
              ? interpolate(t.balanceDue, { amount: formatUah(balance, locale) })
              : balance < 0
                ? interpolate(t.balanceCredit, { amount: formatUah(-balance, locale) })
                : t.balanceZero}
          </p>
        </>
      ) : (
        <>
          <p>{interpolate(t.rejected, { date: formatDate(resolution.resolvedAt, locale) })}</p>
          <p className="font-semibold">{t.reasonLabel}</p>
          <TypedText text={resolution.reason} />
        </>
      )}
      <p>{interpolate(t.resumed, { min })}</p>
    </section>
  );
}
