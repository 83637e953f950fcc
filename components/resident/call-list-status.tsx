import { formatHryvniaInput } from '@/lib/domain/payments/payment-limits';
import type { AccountOverview } from '@/lib/domain/statements/get-account-overview';
import { formatDate, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import type { SmsHours } from './sms-choice';

/**
 * Whether the dialer calls this account and why, in plain words, with the ways off the list:
 * pay the overdue amount (the payment webhook removes the number at once), or choose SMS
 * reminders (the section below it on the overview).
 */
export function CallListStatus({
  overview,
  minOverdueKopecks,
  smsHours,
  locale,
  messages: m,
}: {
  overview: AccountOverview;
  minOverdueKopecks: number;
  /** The reminder sending window, for the SMS_OPT_IN sentence. */
  smsHours: SmsHours;
  locale: Locale;
  messages: Messages;
}) {
  const { callList, arrears } = overview;
  const min = callList.minOverdueMonths;
  const called = callList.onList || callList.reason === 'OVERDUE';
  return (
    <section aria-labelledby="call-list-title" className="mt-8">
      <h2 id="call-list-title" className="text-xl font-bold">
        {m.overview.callListTitle}
      </h2>
      <p className="mt-2" data-testid="call-list-status">
        {callList.onList && callList.since
          ? interpolate(m.overview.onList, { date: formatDate(callList.since, locale), min })
          : interpolate(m.overview.reasons[callList.reason], {
              min,
              amount: formatUah(minOverdueKopecks, locale),
              ...smsHours,
            })}
      </p>
      {called && (
        <div className="mt-3 rounded border border-amber-300 bg-amber-50 p-3">
          <p className="font-semibold">{m.overview.wayOff}</p>
          <ul className="mt-1 list-disc pl-6">
            <li>
              {interpolate(m.overview.wayOffPay, { amount: formatUah(arrears.overdue, locale) })}
            </li>
            <li>{interpolate(m.overview.wayOffSms, { sms: m.sms.sectionTitle })}</li>
            <li>
              <a href="/account/plan" className="text-brand-800 underline">
                {m.overview.wayOffPlan}
              </a>
            </li>
            <li>
              <a href="/account/disputes" className="text-brand-800 underline">
                {m.overview.wayOffDispute}
              </a>
            </li>
          </ul>
          {/* Exactly the overdue part (what stops the calls), not a second identical "Pay". */}
          <a
            href={`/pay?account=${encodeURIComponent(overview.accountNumber)}&amount=${encodeURIComponent(formatHryvniaInput(arrears.overdue))}`}
            className="mt-3 inline-flex min-h-12 items-center justify-center rounded border-2 border-brand-700 bg-white px-6 font-semibold text-brand-800 no-underline hover:bg-slate-100"
          >
            {interpolate(m.callListOutcome.payOverdue, {
              amount: formatUah(arrears.overdue, locale),
            })}
          </a>
        </div>
      )}
    </section>
  );
}
