import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { Button, Field, inputClass, Notice, StaffMain } from '@/components/staff/ui';
import { NOTICES } from '../_lib/messages';
import { readStaffSession, staffPath } from '../_lib/session';
import { type SignInSearch as Search, signInError } from './sign-in-response';

export default async function StaffSignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const back = staffPath(search.back);
  if (await readStaffSession(await headers())) redirect(back);
  const error = signInError(search);
  const notice = search.notice ? NOTICES[search.notice] : undefined;
  return (
    <StaffMain title="Вхід до консолі персоналу">
      <p className="mt-2 max-w-xl text-slate-700">
        Для працівників служби підтримки. Мешканці входять на{' '}
        <a className="underline" href="/sign-in">
          сторінці входу до особового рахунку
        </a>
        .
      </p>
      {notice && <Notice kind="ok">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <form
        method="post"
        action="/staff/sign-in/submit"
        className="mt-6 flex max-w-md flex-col gap-4"
      >
        <input type="hidden" name="back" value={back} />
        <Field id="email" label="Службова пошта">
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            maxLength={254}
            className={inputClass}
          />
        </Field>
        <Field id="password" label="Пароль">
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            className={inputClass}
          />
        </Field>
        <div>
          <Button>Увійти</Button>
        </div>
      </form>
    </StaffMain>
  );
}
