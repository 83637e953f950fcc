import type { Metadata } from 'next';
import { SiteHeader } from '@/components/site-header';
import { interpolate } from '@/lib/i18n/messages';
import { getAccountNumberScheme } from '@/lib/server/env';
import { getRequestMessages } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { robots: { index: false } };

type Search = Promise<{ problem?: string }>;

const PROBLEMS = ['EXPIRED', 'BAD_SIGNATURE', 'MALFORMED'] as const;

/**
 * Where a reminder's pay link that cannot be honoured lands (app/p/[token]): says why — expired,
 * or not valid — and offers the ordinary look-up by account number, so the resident can still
 * pay. It names no account.
 */
export default async function PayLinkPage({ searchParams }: { searchParams: Search }) {
  const { problem } = await searchParams;
  const { locale, m } = await getRequestMessages();
  const known = PROBLEMS.find((p) => p === problem) ?? 'MALFORMED';
  const scheme = getAccountNumberScheme();
  return (
    <>
      <SiteHeader locale={locale} messages={m} path={`/pay/link?problem=${known}`} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.payLink.title}</h1>
        <p
          className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 font-medium"
          data-testid="pay-link-problem"
        >
          {m.payLink[known]}
        </p>
        <form method="get" action="/" className="mt-6 flex flex-col gap-2" noValidate>
          <label htmlFor="account" className="font-medium">
            {m.payLink.lookUp}
          </label>
          <input
            id="account"
            name="account"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            aria-describedby="account-hint"
            className="min-h-12 rounded border border-slate-500 bg-white px-3 font-mono text-lg"
          />
          <p id="account-hint" className="text-sm text-slate-700">
            {interpolate(m.home.hint, { length: scheme.length })}
          </p>
          <button
            type="submit"
            className="mt-2 min-h-12 rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800"
          >
            {m.home.submit}
          </button>
        </form>
      </main>
    </>
  );
}
