import type { AccountOverview } from '@/lib/domain/statements/get-account-overview';
import { interpolate, type Messages } from '@/lib/i18n/messages';

/** The reminder sending window as configured, e.g. { from: '09:00', to: '20:00' }. */
export type SmsHours = { from: string; to: string };

/**
 * "SMS reminders instead of calls" on the overview: the way to choose them for an account
 * that is called (or may be), and for one that chose them, the number, the promise that nobody
 * calls, the schedule, and the two ways back (another number, or calls). The opt-out is a
 * plain form posting to a server action: no JavaScript needed.
 */
export function SmsChoice({
  overview,
  optOutAction,
  smsHours,
  messages: m,
}: {
  overview: AccountOverview;
  optOutAction: () => Promise<void>;
  smsHours: SmsHours;
  messages: Messages;
}) {
  const min = overview.callList.minOverdueMonths;
  return (
    <section aria-labelledby="sms-title" className="mt-8">
      <h2 id="sms-title" className="text-xl font-bold">
        {m.sms.sectionTitle}
      </h2>
      {overview.contactPreference === 'SMS' ? (
        <div className="mt-2 flex flex-col gap-3">
          <p data-testid="sms-status">
            {interpolate(m.sms.chosen, { phone: overview.smsPhone ?? '' })}
          </p>
          <p className="text-slate-700">{interpolate(m.sms.schedule, smsHours)}</p>
          <a
            href="/account/sms"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.sms.changeNumber}
          </a>
          <form action={optOutAction} className="flex flex-col gap-2">
            <p className="text-sm text-slate-700">{interpolate(m.sms.optOutHint, { min })}</p>
            <button
              type="submit"
              className="min-h-12 w-full rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 hover:bg-slate-100 sm:w-auto"
            >
              {m.sms.optOut}
            </button>
          </form>
        </div>
      ) : (
        <div className="mt-2 flex flex-col gap-3">
          <p>{interpolate(m.sms.callsIntro, smsHours)}</p>
          <a
            href="/account/sms"
            className="inline-flex min-h-12 w-full items-center justify-center rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 no-underline hover:bg-slate-100 sm:w-auto"
          >
            {m.sms.choose}
          </a>
        </div>
      )}
    </section>
  );
}
