import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { interpolate } from '@/lib/i18n/messages';
import { getResidentSession } from '@/lib/server/auth/resident';
import { getRequestMessages } from '@/lib/server/locale';
import { safeReturnPath } from '@/lib/server/safe-return-path';
import { requestSmsCodeAction, signInWithBillCodeAction } from './actions';
import {
  Field,
  FormError,
  type SignInSearch,
  SubmitButton,
  signInErrorHint,
  signInErrorText,
} from './form-parts';

export const dynamic = 'force-dynamic';

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SignInSearch>;
}) {
  const search = await searchParams;
  const { locale, m } = await getRequestMessages();
  const session = await getResidentSession();
  const method = search.method === 'sms' ? 'sms' : 'bill';
  const back = safeReturnPath(search.back);
  const account = (search.account ?? '').slice(0, 64);
  const errorText = signInErrorText(m, locale, search);
  const errorHint = signInErrorHint(m, search);
  const tabHref = (tab: 'bill' | 'sms') =>
    `/sign-in?${new URLSearchParams({ method: tab, back, ...(account ? { account } : {}) })}`;
  const path = tabHref(method);

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.auth.title}</h1>
        <p className="mt-2 text-slate-700">{m.auth.intro}</p>
        {session && (
          <div className="mt-4 flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
            <p>
              {interpolate(m.auth.signedInAs, {
                account: formatAccountNumber(session.accountNumber),
              })}
            </p>
          </div>
        )}
        <nav aria-label={m.auth.methods} className="mt-6">
          <ul className="grid grid-cols-2 gap-2">
            {(['bill', 'sms'] as const).map((tab) => (
              <li key={tab}>
                <Link
                  href={tabHref(tab)}
                  aria-current={tab === method ? 'page' : undefined}
                  className={`flex min-h-12 items-center justify-center rounded border px-2 text-center font-semibold ${
                    tab === method
                      ? 'border-brand-700 bg-brand-700 text-white'
                      : 'border-slate-400 bg-white text-brand-800 underline'
                  }`}
                >
                  {tab === 'bill' ? m.auth.billCodeTab : m.auth.smsTab}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {method === 'bill' ? (
          <form action={signInWithBillCodeAction} className="mt-6 flex flex-col gap-4" noValidate>
            <FormError text={errorText} hint={errorHint} />
            <input type="hidden" name="back" value={back} />
            <Field
              id="account-number"
              name="accountNumber"
              label={m.auth.accountNumberLabel}
              hint={m.auth.accountNumberHint}
              error={errorText !== null}
              defaultValue={account}
              maxLength={24}
            />
            <Field
              id="bill-code"
              name="code"
              label={m.auth.billCodeLabel}
              hint={m.auth.billCodeHint}
              error={errorText !== null}
              maxLength={12}
            />
            <SubmitButton>{m.auth.submit}</SubmitButton>
          </form>
        ) : (
          <form action={requestSmsCodeAction} className="mt-6 flex flex-col gap-4" noValidate>
            <FormError text={errorText} hint={errorHint} />
            <p className="text-slate-700">{m.auth.smsHint}</p>
            <input type="hidden" name="back" value={back} />
            <Field
              id="account-number"
              name="accountNumber"
              label={m.auth.accountNumberLabel}
              hint={m.auth.accountNumberHint}
              error={errorText !== null}
              defaultValue={account}
              maxLength={24}
            />
            <SubmitButton>{m.auth.sendCode}</SubmitButton>
          </form>
        )}
      </main>
    </>
  );
}
