import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SiteHeader } from '@/components/site-header';
import { MAX_PAYMENT_KOPECKS, MIN_PAYMENT_KOPECKS } from '@/lib/domain/payments/payment-limits';
import { formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getRequestMessages } from '@/lib/server/locale';
import { isDemoPayments } from '@/lib/server/payments/checkout-provider';
import { limitedPath, publicLookup } from '../_lib/public-lookup';
import { startCheckoutAction } from './actions';

export const dynamic = 'force-dynamic';

type Search = Promise<{ account?: string; amount?: string; error?: string }>;

function amountField(kopecks: number): string {
  return (kopecks / 100).toFixed(2);
}

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
            <label htmlFor="amount" className="font-medium">
              {m.pay.amountLabel}
            </label>
            <input
              id="amount"
              name="amount"
              inputMode="decimal"
              autoComplete="off"
              required
              defaultValue={amount ?? (summary.amountDue > 0 ? amountField(summary.amountDue) : '')}
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
