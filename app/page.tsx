import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AccountLookupForm } from '@/components/resident/account-lookup-form';
import { LookupResult } from '@/components/resident/lookup-result';
import { SiteHeader } from '@/components/site-header';
import type { AccountNumberProblem } from '@/lib/domain/accounts/account-number';
import type { PublicAccountSummary } from '@/lib/domain/accounts/lookup-account';
import { interpolate } from '@/lib/i18n/messages';
import { getResidentSession } from '@/lib/server/auth/resident';
import { getAccountNumberScheme } from '@/lib/server/env';
import { getRequestMessages } from '@/lib/server/locale';
import { limitedPath, publicLookup } from './_lib/public-lookup';

export const dynamic = 'force-dynamic';

type Search = Promise<{ account?: string | string[] }>;
type Problem = AccountNumberProblem | 'NOT_FOUND';

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
  const session = await getResidentSession();

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
        <AccountLookupForm
          label={m.home.label}
          accountNumberLength={scheme.length}
          defaultValue={account}
          errorText={errorText}
          messages={m}
        />
        {summary && (
          <LookupResult
            summary={summary}
            signedInToIt={session?.accountNumber === summary.accountNumber}
            locale={locale}
            messages={m}
          />
        )}
        <p className="mt-8 text-sm text-slate-700">{m.home.privacy}</p>
      </main>
    </>
  );
}
