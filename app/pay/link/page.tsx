import type { Metadata } from 'next';
import { AccountLookupForm } from '@/components/resident/account-lookup-form';
import { SiteHeader } from '@/components/site-header';
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
        <AccountLookupForm
          label={m.payLink.lookUp}
          accountNumberLength={getAccountNumberScheme().length}
          messages={m}
        />
      </main>
    </>
  );
}
