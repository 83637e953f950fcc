import Link from 'next/link';
import { residentPage } from '@/app/_lib/resident-page';
import { smsReminderHours } from '@/app/_lib/sms-hours';
import { SiteHeader } from '@/components/site-header';
import { interpolate } from '@/lib/i18n/messages';
import { getBillingRules } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

const PATH = '/account/sms/done';

type Search = Promise<{
  result?: string;
  phone?: string;
  removed?: string;
  shared?: string;
  outcome?: string;
}>;

/**
 * What choosing SMS (or going back to calls) did, in the resident's language: whether the
 * number is on the call list now, and why (DESIGN rule 9). The query only selects wording; the
 * overview shows the account's actual state.
 */
export default async function SmsDonePage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const { locale, m } = await residentPage(PATH);
  const min = getBillingRules().callListMinOverdueMonths;
  const phone = /^\+[0-9 •]{6,24}$/.test(search.phone ?? '') ? (search.phone ?? '') : '';
  const shared = Number(search.shared);
  const lines: string[] = [];
  if (search.result === 'on') {
    lines.push(
      interpolate(search.removed === '1' ? m.sms.onRemoved : m.sms.onNotCalled, { phone }),
    );
    lines.push(interpolate(m.sms.schedule, smsReminderHours()));
    if (Number.isInteger(shared) && shared > 0 && shared < 1000)
      lines.push(interpolate(m.sms.shared, { count: shared }));
  } else if (search.outcome === 'called') {
    lines.push(interpolate(m.sms.offCalled, { min }));
  } else if (search.outcome === 'not-called') {
    lines.push(interpolate(m.sms.offNotCalled, { min }));
  } else {
    lines.push(m.sms.offUnchanged);
  }
  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.sms.doneTitle}</h1>
        <div
          className="mt-4 flex flex-col gap-2 rounded border border-green-300 bg-green-50 p-4"
          data-testid="sms-outcome"
        >
          {lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
        <p className="mt-6">
          <Link href="/account" className="text-brand-800 underline">
            {m.sms.back}
          </Link>
        </p>
      </main>
    </>
  );
}
