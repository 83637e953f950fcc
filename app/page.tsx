import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LookupResult } from '@/components/resident/lookup-result';
import { SiteHeader } from '@/components/site-header';
import type { AccountNumberProblem } from '@/lib/domain/accounts/account-number';
import type { PublicAccountSummary } from '@/lib/domain/accounts/lookup-account';
import { interpolate } from '@/lib/i18n/messages';
import { getAccountNumberScheme } from '@/lib/server/env';
import { getRequestMessages } from '@/lib/server/locale';
import { limitedPath, publicLookup } from './_lib/public-lookup';

export const dynamic = 'force-dynamic';

type Search = Promise<{ account?: string | string[] }>;
type Problem = AccountNumberProblem | 'NOT_FOUND';

const ERROR_ID = 'account-error';

/**
 * Home and public look-up (DESIGN rule 6). A plain GET form that answers on the same page, so it
 * works without JavaScript and a result can be bookmarked or refreshed. Each look-up counts
 * against the client's budget; over it, the resident is sent to /lookup/limited (HTTP 429).
 */
export default async function HomePage({ searchParams }: { searchParams: Search }) {
  const raw = (await searchParams).account;
  const account = (Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '')).slice(0, 64);
  const asked = raw !== undefined;
  const { locale, m } = await getRequestMessages();
  const scheme = getAccountNumberScheme();

  let summary: PublicAccountSummary | null = null;
  let problem: Problem | null = null;
  if (asked) {
    const result = await publicLookup(await headers(), account);
    if (result.kind === 'LIMITED') redirect(limitedPath(result.retryAfterSeconds));
    if (result.kind === 'FOUND') summary = result.summary;
    else problem = result.kind === 'INVALID' ? result.problem : 'NOT_FOUND';
  }
  const digits = account.replace(/[\s\-.\u2010-\u2015]/g, '');
  const errorText =
    problem === null
      ? null
      : interpolate(m.home.errors[problem], { length: scheme.length, count: digits.length });
  const path = summary ? `/?account=${encodeURIComponent(summary.accountNumber)}` : '/';

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.home.title}</h1>
        <p className="mt-2 text-slate-700">{m.home.intro}</p>
        <form method="get" action="/" className="mt-6 flex flex-col gap-2" noValidate>
          <label htmlFor="account" className="font-medium">
            {m.home.label}
          </label>
          <input
            id="account"
            name="account"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            defaultValue={account}
            aria-describedby={errorText ? `account-hint ${ERROR_ID}` : 'account-hint'}
            aria-invalid={errorText ? true : undefined}
            className="min-h-12 rounded border border-slate-500 bg-white px-3 font-mono text-lg"
          />
          <p id="account-hint" className="text-sm text-slate-700">
            {interpolate(m.home.hint, { length: scheme.length })}
          </p>
          {errorText && (
            <p
              id={ERROR_ID}
              className="rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800"
            >
              {errorText}
            </p>
          )}
          <button
            type="submit"
            className="mt-2 min-h-12 rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800"
          >
            {m.home.submit}
          </button>
        </form>
        {summary && <LookupResult summary={summary} locale={locale} messages={m} />}
        <p className="mt-8 text-sm text-slate-700">{m.home.privacy}</p>
      </main>
    </>
  );
}
