import Link from 'next/link';
import { residentPage } from '@/app/_lib/resident-page';
import { SiteHeader } from '@/components/site-header';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import {
  formatHryvniaInput,
  MAX_PAYMENT_KOPECKS,
  MIN_PAYMENT_KOPECKS,
} from '@/lib/domain/payments/payment-limits';
import { getAccountOverview } from '@/lib/domain/statements/get-account-overview';
import { formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules } from '@/lib/server/env';
import { isDemoPayments } from '@/lib/server/payments/checkout-provider';
import { startLinkedCheckoutAction } from './actions';
import { amountFieldName, PAY_SEVERAL_PATH } from './fields';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Pay several of the accounts proved in this browser session in one checkout (a parents' flat,
 * a garage): one amount field per account, filled by a link with every account's overdue part
 * or everything due (no JavaScript needed), one Pay button. The webhook books each account's
 * share, and the result page gives a receipt per account with its call-list outcome.
 */
export default async function PaySeveralPage({ searchParams }: { searchParams: Search }) {
  const query = await searchParams;
  const { session, locale, m } = await residentPage(PAY_SEVERAL_PATH);
  const prisma = getPrisma();
  const rules = getBillingRules();
  const accounts = await Promise.all(
    session.linked.map(async (account) => ({
      ...account,
      overview: await getAccountOverview(prisma, { accountId: account.accountId, rules }),
    })),
  );
  const fill = first(query.fill) ?? 'due';
  const valueFor = (account: (typeof accounts)[number]): string => {
    if (fill === 'typed') return first(query[`a${account.accountId}`]) ?? '';
    const kopecks =
      fill === 'overdue' ? account.overview.arrears.overdue : account.overview.arrears.amountDue;
    return fill === 'none' || kopecks <= 0 ? '' : formatHryvniaInput(kopecks);
  };
  const totals = {
    overdue: accounts.reduce((sum, a) => sum + a.overview.arrears.overdue, 0),
    due: accounts.reduce((sum, a) => sum + a.overview.arrears.amountDue, 0),
  };
  const limits = {
    min: formatUah(MIN_PAYMENT_KOPECKS, locale),
    max: formatUah(MAX_PAYMENT_KOPECKS, locale),
  };
  const error = first(query.error);
  const errorFor = Number(first(query.for) ?? 0);
  const fieldError =
    error && errorFor > 0 && error in m.pay.errors
      ? interpolate(m.pay.errors[error as keyof typeof m.pay.errors], limits)
      : null;
  const formError =
    error && !(errorFor > 0)
      ? error in m.paySeveral.errors
        ? interpolate(m.paySeveral.errors[error as keyof typeof m.paySeveral.errors], limits)
        : m.pay.errors.UNAVAILABLE
      : null;
  const presets = [
    ...(totals.overdue > 0 && totals.overdue < totals.due
      ? [{ fill: 'overdue', label: m.paySeveral.fillOverdue, kopecks: totals.overdue }]
      : []),
    ...(totals.due > 0 ? [{ fill: 'due', label: m.paySeveral.fillDue, kopecks: totals.due }] : []),
  ];

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PAY_SEVERAL_PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.paySeveral.title}</h1>
        <p className="mt-2">{m.paySeveral.intro}</p>
        {formError && (
          <p
            id="form-error"
            className="mt-4 rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800"
            role="alert"
          >
            {formError}
          </p>
        )}
        {presets.length > 0 && (
          <div className="mt-4 flex flex-col gap-2">
            <p id="amount-choices" className="font-medium">
              {m.pay.choose}
            </p>
            <ul aria-labelledby="amount-choices" className="flex flex-col gap-2">
              {presets.map((preset) => (
                <li key={preset.fill}>
                  <a
                    href={`${PAY_SEVERAL_PATH}?fill=${preset.fill}`}
                    aria-current={fill === preset.fill ? 'true' : undefined}
                    className="flex min-h-12 items-center rounded border border-brand-700 px-3 text-brand-800 no-underline aria-[current=true]:bg-brand-700 aria-[current=true]:font-semibold aria-[current=true]:text-white"
                  >
                    {interpolate(preset.label, { amount: formatUah(preset.kopecks, locale) })}
                  </a>
                </li>
              ))}
              <li>
                <a
                  href={`${PAY_SEVERAL_PATH}?fill=none`}
                  className="inline-flex min-h-11 items-center text-brand-800 underline"
                >
                  {m.paySeveral.clear}
                </a>
              </li>
            </ul>
          </div>
        )}
        <form action={startLinkedCheckoutAction} className="mt-6 flex flex-col gap-4" noValidate>
          {accounts.map((account) => {
            const field = amountFieldName(account.accountId);
            const { arrears, address, callList } = account.overview;
            const invalid = fieldError !== null && errorFor === account.accountId;
            return (
              <fieldset
                key={account.accountId}
                className="rounded border border-slate-300 bg-white p-4"
                data-testid="pay-several-account"
              >
                <legend className="px-1 font-mono font-semibold">
                  {formatAccountNumber(account.accountNumber)}
                </legend>
                <p className="text-slate-700">
                  {interpolate(m.bill.apartmentAddress, {
                    street: address.street,
                    house: address.houseNumber,
                    apartment: address.apartment,
                  })}
                </p>
                <p className="mt-1">
                  {arrears.amountDue > 0
                    ? interpolate(m.paySeveral.due, { due: formatUah(arrears.amountDue, locale) })
                    : m.paySeveral.nothingDue}
                  {arrears.overdue > 0 &&
                    `; ${interpolate(m.paySeveral.overdue, { overdue: formatUah(arrears.overdue, locale) })}`}
                </p>
                {callList.onList && (
                  <p className="mt-1 font-semibold text-amber-900">{m.paySeveral.onCallList}</p>
                )}
                <label htmlFor={field} className="mt-3 block font-medium">
                  {interpolate(m.paySeveral.amountFor, {
                    account: formatAccountNumber(account.accountNumber),
                  })}
                </label>
                <input
                  id={field}
                  name={field}
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={valueFor(account)}
                  aria-describedby={invalid ? `${field}-error` : 'amount-hint'}
                  aria-invalid={invalid ? true : undefined}
                  className="mt-1 min-h-12 w-full rounded border border-slate-500 bg-white px-3 text-lg"
                />
                {invalid && (
                  <p id={`${field}-error`} className="mt-1 font-medium text-red-800">
                    {fieldError}
                  </p>
                )}
              </fieldset>
            );
          })}
          <p id="amount-hint" className="text-sm text-slate-700">
            {interpolate(m.pay.amountHint, limits)}
          </p>
          <button
            type="submit"
            className="min-h-12 rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800"
          >
            {m.paySeveral.submit}
          </button>
          {isDemoPayments() && <p className="text-sm text-slate-700">{m.pay.demoNotice}</p>}
        </form>
        <p className="mt-6 flex flex-wrap gap-x-4">
          <Link
            href={`/sign-in?back=${encodeURIComponent(PAY_SEVERAL_PATH)}`}
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.auth.linkAnother}
          </Link>
          <Link
            href="/account"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.common.back}
          </Link>
        </p>
      </main>
    </>
  );
}
