import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SiteHeader } from '@/components/site-header';
import {
  formatHryvniaInput,
  MAX_PAYMENT_KOPECKS,
  MIN_PAYMENT_KOPECKS,
  parseHryvnias,
} from '@/lib/domain/payments/payment-limits';
import { formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getRequestMessages } from '@/lib/server/locale';
import { isDemoPayments } from '@/lib/server/payments/checkout-provider';
import { limitedPath, publicLookup } from '../_lib/public-lookup';
import { startCheckoutAction } from './actions';

export const dynamic = 'force-dynamic';

type Search = Promise<{ account?: string; amount?: string; error?: string }>;

export default async function PayPage({ searchParams }: { searchParams: Search }) {
  const { account = '', amount, error } = await searchParams;
  const { locale, m } = await getRequestMessages();
  // The pay page shows the masked summary too: it counts against the same lookup budget.
  const lookup = await publicLookup(await headers(), account);
  if (lookup.kind === 'LIMITED') redirect(limitedPath(lookup.retryAfterSeconds));
  const summary = lookup.kind === 'FOUND' ? lookup.summary : null;
  const limits = {
    min: formatUah(MIN_PAYMENT_KOPECKS, locale),
    max: formatUah(MAX_PAYMENT_KOPECKS, locale),
  };
  const errorText =
    error && error in m.pay.errors
      ? interpolate(m.pay.errors[error as keyof typeof m.pay.errors], limits)
      : null;
  const path = `/pay?account=${encodeURIComponent(account)}`;
  // What the page offers, as amounts the resident can see and change: the overdue part (what
  // takes the number off the call list) and everything due, when they differ. The field holds
  // everything due unless a link chose an amount (`amount=`), in the Ukrainian format
  // ("6 560,82"); any other amount within the limits can be typed.
  const presets = summary
    ? [
        ...(summary.overdue > 0 && summary.overdue < summary.amountDue
          ? [{ kopecks: summary.overdue, label: m.pay.payOverdue }]
          : []),
        ...(summary.amountDue > 0 ? [{ kopecks: summary.amountDue, label: m.pay.payAll }] : []),
      ]
    : [];
  const fieldValue =
    amount ?? (summary && summary.amountDue > 0 ? formatHryvniaInput(summary.amountDue) : '');
  const chosen = parseHryvnias(fieldValue);

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.pay.title}</h1>
        {summary ? (
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4">
            <dt className="text-slate-600">{m.common.accountNumber}</dt>
            <dd className="font-mono">{summary.accountNumber}</dd>
            <dt className="text-slate-600">{m.common.address}</dt>
            <dd>{summary.address}</dd>
            <dt className="text-slate-600">{m.common.holder}</dt>
            <dd>{summary.holder}</dd>
            <dt className="text-slate-600">{m.common.amountDue}</dt>
            <dd className="font-semibold">{formatUah(summary.amountDue, locale)}</dd>
          </dl>
        ) : (
          <p className="mt-4 rounded border border-red-300 bg-red-50 p-3" role="status">
            {m.pay.errors.ACCOUNT}
          </p>
        )}
        {summary && (
          <form action={startCheckoutAction} className="mt-6 flex flex-col gap-2" noValidate>
            <input type="hidden" name="account" value={summary.accountNumber} />
            {presets.length > 0 && (
              <div className="flex flex-col gap-2">
                <p id="amount-choices" className="font-medium">
                  {m.pay.choose}
                </p>
                <ul aria-labelledby="amount-choices" className="flex flex-col gap-2">
                  {presets.map((preset) => (
                    <li key={preset.kopecks}>
                      <a
                        href={`${path}&amount=${encodeURIComponent(formatHryvniaInput(preset.kopecks))}`}
                        aria-current={chosen === preset.kopecks ? 'true' : undefined}
                        className="flex min-h-12 items-center rounded border border-brand-700 px-3 text-brand-800 no-underline aria-[current=true]:bg-brand-700 aria-[current=true]:font-semibold aria-[current=true]:text-white"
                      >
                        {interpolate(preset.label, { amount: formatUah(preset.kopecks, locale) })}
                      </a>
                    </li>
                  ))}
                </ul>
                {summary.overdue > 0 && (
                  <p className="text-sm text-slate-700">{m.pay.overdueHint}</p>
                )}
              </div>
            )}
            <label htmlFor="amount" className="mt-2 font-medium">
              {m.pay.amountLabel}
            </label>
            <input
              id="amount"
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              required
              defaultValue={fieldValue}
              aria-describedby={errorText ? 'amount-hint amount-error' : 'amount-hint'}
              aria-invalid={errorText ? true : undefined}
              className="min-h-12 rounded border border-slate-500 bg-white px-3 text-lg"
            />
            <p id="amount-hint" className="text-sm text-slate-700">
              {interpolate(m.pay.amountHint, limits)}
            </p>
            {errorText && (
              <p id="amount-error" className="font-medium text-red-800">
                {errorText}
              </p>
            )}
            <button
              type="submit"
              className="mt-2 min-h-12 rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800"
            >
              {m.pay.submit}
            </button>
            {isDemoPayments() && <p className="text-sm text-slate-700">{m.pay.demoNotice}</p>}
          </form>
        )}
        <p className="mt-6">
          <Link href="/" className="text-brand-800 underline">
            {m.common.back}
          </Link>
        </p>
      </main>
    </>
  );
}
