import Link from 'next/link';
import { residentPage } from '@/app/_lib/resident-page';
import { SiteHeader } from '@/components/site-header';
import { FormError, SubmitButton } from '../../sign-in/form-parts';
import { requestSmsCodeAction } from './actions';
import { smsErrorText } from './sms-errors';

export const dynamic = 'force-dynamic';

const PATH = '/account/sms';

type Search = Promise<{ error?: string; phone?: string; minutes?: string }>;

/** Step 1 of SMS reminders instead of calls: the mobile number (docs/sms.md). */
export default async function SmsNumberPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const { locale, m } = await residentPage(PATH);
  const errorText = smsErrorText(m, search);
  const hintId = 'sms-phone-hint';
  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p>
          <Link href="/account" className="text-brand-800 underline">
            {m.sms.back}
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-bold">{m.sms.requestTitle}</h1>
        <p className="mt-2 text-slate-700">{m.sms.requestIntro}</p>
        <form action={requestSmsCodeAction} className="mt-6 flex flex-col gap-4" noValidate>
          <FormError text={errorText} />
          <div className="flex flex-col gap-1">
            <label htmlFor="sms-phone" className="font-medium">
              {m.sms.phoneLabel}
            </label>
            <input
              id="sms-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={40}
              required
              defaultValue={(search.phone ?? '').slice(0, 40)}
              aria-describedby={errorText ? `${hintId} sign-in-error` : hintId}
              aria-invalid={errorText ? true : undefined}
              className="min-h-12 w-full rounded border border-slate-500 bg-white px-3 font-mono text-lg"
            />
            <p id={hintId} className="text-sm text-slate-700">
              {m.sms.phoneHint}
            </p>
          </div>
          <p className="rounded border border-slate-200 bg-white p-3 text-sm">{m.sms.consent}</p>
          <SubmitButton>{m.sms.sendCode}</SubmitButton>
        </form>
      </main>
    </>
  );
}
