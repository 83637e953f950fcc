import Link from 'next/link';
import { residentPage } from '@/app/_lib/resident-page';
import { SiteHeader } from '@/components/site-header';
import { getPendingSmsOptIn } from '@/lib/domain/sms/get-pending-sms-opt-in';
import { formatDateTime } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { Field, FormError, SubmitButton } from '../../../sign-in/form-parts';
import { confirmSmsCodeAction } from '../actions';
import { smsErrorText } from '../sms-errors';

export const dynamic = 'force-dynamic';

const PATH = '/account/sms/confirm';

type Search = Promise<{ error?: string; minutes?: string }>;

/** Errors after which this code can never pass: the way on is a new code (step 1). */
const NEEDS_NEW_CODE = new Set(['EXPIRED', 'USED', 'TOO_MANY_ATTEMPTS', 'NO_CODE']);

/** Step 2: the code from the SMS; the consent text is shown again, as it will be recorded. */
export default async function SmsConfirmPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const { session, locale, m } = await residentPage(PATH);
  const pending = await getPendingSmsOptIn(getPrisma(), { accountId: session.accountId });
  const errorText = smsErrorText(m, search);
  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.sms.confirmTitle}</h1>
        <p className="mt-2 text-slate-700" data-testid="sms-code-sent">
          {pending
            ? interpolate(m.sms.codeSent, {
                phone: pending.maskedPhone,
                time: formatDateTime(pending.expiresAt, locale),
              })
            : m.sms.noPending}
        </p>
        <form action={confirmSmsCodeAction} className="mt-6 flex flex-col gap-4" noValidate>
          <FormError text={errorText} />
          {errorText && NEEDS_NEW_CODE.has(search.error ?? '') && (
            <p>
              <Link
                href="/account/sms"
                className="inline-flex min-h-11 items-center font-semibold text-brand-800 underline"
              >
                {m.sms.requestNewCode}
              </Link>
            </p>
          )}
          <Field
            id="sms-code"
            name="code"
            label={m.sms.codeLabel}
            hint={m.sms.codeHint}
            error={errorText !== null}
            autoComplete="one-time-code"
            maxLength={10}
          />
          <p className="rounded border border-slate-200 bg-white p-3 text-sm">{m.sms.consent}</p>
          <SubmitButton>{m.sms.confirm}</SubmitButton>
        </form>
        <p className="mt-6 flex flex-col gap-2">
          <Link href="/account/sms" className="text-brand-800 underline">
            {m.sms.newCode}
          </Link>
          <Link href="/account" className="text-brand-800 underline">
            {m.sms.back}
          </Link>
        </p>
      </main>
    </>
  );
}
