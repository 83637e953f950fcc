import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { getPendingSignInCode } from '@/lib/domain/auth/get-pending-sign-in-code';
import { formatDateTime } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme } from '@/lib/server/env';
import { getRequestMessages } from '@/lib/server/locale';
import { safeReturnPath } from '@/lib/server/safe-return-path';
import { requestSmsCodeAction, signInWithSmsCodeAction } from '../actions';
import {
  Field,
  FormError,
  type SignInSearch,
  SubmitButton,
  signInErrorHint,
  signInErrorText,
} from '../form-parts';

export const dynamic = 'force-dynamic';

/** Step two of SMS sign-in: the code sent to the phone on file. */
export default async function SignInCodePage({
  searchParams,
}: {
  searchParams: Promise<SignInSearch>;
}) {
  const search = await searchParams;
  const { locale, m } = await getRequestMessages();
  const back = safeReturnPath(search.back);
  const account = (search.account ?? '').slice(0, 64);
  const pending = await getPendingSignInCode(getPrisma(), {
    accountNumber: account,
    scheme: getAccountNumberScheme(),
  });
  const errorText = signInErrorText(m, locale, search);
  const errorHint = signInErrorHint(m, search);
  const path = `/sign-in/code?${new URLSearchParams({ account, back })}`;

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.auth.codeTitle}</h1>
        {pending ? (
          <p className="mt-2 text-slate-700">
            {interpolate(m.auth.codeSent, {
              phone: pending.maskedPhone,
              time: formatDateTime(pending.expiresAt, locale),
            })}
          </p>
        ) : (
          <p className="mt-2 text-slate-700">{m.auth.noPendingCode}</p>
        )}
        <p className="mt-1 text-slate-700">
          {m.auth.accountNumberLabel}:{' '}
          <span className="font-mono">
            {formatAccountNumber(pending?.accountNumber ?? account)}
          </span>
        </p>
        <form action={signInWithSmsCodeAction} className="mt-6 flex flex-col gap-4" noValidate>
          <FormError text={errorText} hint={errorHint} />
          <input type="hidden" name="accountNumber" value={account} />
          <input type="hidden" name="back" value={back} />
          <Field
            id="sms-code"
            name="code"
            label={m.auth.codeLabel}
            hint={m.auth.codeHint}
            error={errorText !== null}
            autoComplete="one-time-code"
            maxLength={10}
          />
          <SubmitButton>{m.auth.submit}</SubmitButton>
        </form>
        <form action={requestSmsCodeAction} className="mt-6">
          <input type="hidden" name="accountNumber" value={account} />
          <input type="hidden" name="back" value={back} />
          <button
            type="submit"
            className="min-h-12 w-full rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 hover:bg-slate-100 sm:w-auto"
          >
            {m.auth.resend}
          </button>
        </form>
        <p className="mt-6">
          <Link
            href={`/sign-in?${new URLSearchParams({ method: 'bill', account, back })}`}
            className="text-brand-800 underline"
          >
            {m.auth.useBillCode}
          </Link>
        </p>
      </main>
    </>
  );
}
