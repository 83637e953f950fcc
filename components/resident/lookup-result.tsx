import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import type { PublicAccountSummary } from '@/lib/domain/accounts/lookup-account';
import { formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

/**
 * The public, masked answer to a look-up (DESIGN rule 6): street and building, initials, the
 * amount due and how long it has been overdue, with "Pay" and "Sign in" as the next steps.
 * Plain links, not next/link: no client router code or prefetching on a slow phone.
 */
export function LookupResult({
  summary,
  signedInToIt = false,
  locale,
  messages: m,
}: {
  summary: PublicAccountSummary;
  /** The resident's session is on this very account: offer it, not a sign-in. */
  signedInToIt?: boolean;
  locale: Locale;
  messages: Messages;
}) {
  const number = summary.accountNumber;
  const signIn = signedInToIt
    ? '/account'
    : `/sign-in?${new URLSearchParams({ account: number, back: '/account' })}`;
  return (
    <section
      aria-labelledby="lookup-result-title"
      className="mt-6 rounded border border-slate-300 bg-white p-4"
    >
      <h2 id="lookup-result-title" className="text-xl font-bold">
        {interpolate(m.home.resultTitle, { number: formatAccountNumber(number) })}
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">{m.common.address}</dt>
        <dd>{summary.address}</dd>
        <dt className="text-slate-600">{m.common.holder}</dt>
        <dd>{summary.holder}</dd>
        <dt className="text-slate-600">{m.common.amountDue}</dt>
        <dd className="text-lg font-bold" data-testid="amount-due">
          {formatUah(summary.amountDue, locale)}
        </dd>
      </dl>
      <p className="mt-3" data-testid="overdue">
        {summary.overdue > 0
          ? interpolate(m.home.overdueAge, {
              amount: formatUah(summary.overdue, locale),
              months: summary.overdueMonths,
            })
          : summary.amountDue > 0
            ? m.home.notYetDue
            : m.home.noDebt}
      </p>
      <p className="mt-2" data-testid="called">
        {summary.onCallList
          ? interpolate(m.home.calledNow, { amount: formatUah(summary.overdue, locale) })
          : m.home.notCalled}
      </p>
      <div className="mt-4 flex flex-col gap-3 sm:flex-row">
        {/* Nothing due: paying in advance stays possible, but not as the page's big button. */}
        <a
          href={`/pay?account=${encodeURIComponent(number)}`}
          className={
            summary.amountDue > 0
              ? 'inline-flex min-h-12 items-center justify-center rounded bg-brand-700 px-6 text-lg font-semibold text-white no-underline hover:bg-brand-800'
              : 'inline-flex min-h-12 items-center text-brand-800 underline'
          }
        >
          {m.home.pay}
        </a>
        <a
          href={signIn}
          className="inline-flex min-h-12 items-center justify-center rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 underline hover:bg-slate-100"
        >
          {signedInToIt ? m.nav.account : m.home.signIn}
        </a>
      </div>
    </section>
  );
}
