'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthError, CredentialsSignin } from 'next-auth';
import { issueSignInCode } from '@/lib/domain/auth/issue-sign-in-code';
import {
  decodeSignInFailure,
  type SignInFailure,
  signInFailureOf,
} from '@/lib/domain/auth/sign-in-failure';
import { interpolate } from '@/lib/i18n/messages';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { revokeCurrentSession, signIn, signOut } from '@/lib/server/auth/config';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme, getAuthSecret } from '@/lib/server/env';
import { getRequestMessages } from '@/lib/server/locale';
import { safeReturnPath } from '@/lib/server/safe-return-path';
import { getSmsTransport, sendSms } from '@/lib/server/sms/transport';

/*
 * Sign-in forms (plain posts; no client JavaScript needed). CSRF: Next accepts a server-action
 * post only when its Origin matches the host, and the session cookie is SameSite=Lax. Each
 * action validates its own input; nothing here trusts a field for more than what it is.
 */

type Query = Record<string, string | undefined>;

function text(formData: FormData, name: string, max = 64): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function to(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** A sign-in failure as the query parameters its form explains (the one mapping). */
function failureQuery(failure: SignInFailure, invalid: string): Query {
  switch (failure.kind) {
    case 'locked':
      return { error: 'locked', until: failure.unlocksAt.toISOString() };
    case 'rate_limited':
    case 'resend':
      return {
        error: failure.kind,
        minutes: String(Math.max(1, Math.ceil(failure.retryAfterSeconds / 60))),
      };
    case 'no_phone':
      return { error: 'no_phone' };
    case 'invalid':
      return {
        error: invalid,
        left:
          failure.remainingAttempts === undefined ? undefined : String(failure.remainingAttempts),
      };
    default: {
      const unreachable: never = failure;
      return unreachable;
    }
  }
}

async function signInOrExplain(
  provider: 'bill-code' | 'sms-code',
  fields: { accountNumber: string; code: string },
  back: string,
  onFailure: (query: Query) => string,
): Promise<never> {
  try {
    // Redirects (throws) on success; the jwt callback links the account into the session.
    await signIn(provider, { ...fields, redirectTo: back });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      redirect(
        onFailure(
          failureQuery(
            decodeSignInFailure(error.code),
            provider === 'sms-code' ? 'invalid_code' : 'invalid',
          ),
        ),
      );
    }
    if (error instanceof AuthError) {
      console.error('sign-in failed:', error);
      redirect(onFailure({ error: 'invalid' }));
    }
    throw error;
  }
  redirect(back);
}

export async function signInWithBillCodeAction(formData: FormData): Promise<void> {
  const accountNumber = text(formData, 'accountNumber');
  const code = text(formData, 'code', 32);
  const back = safeReturnPath(text(formData, 'back', 512));
  await signInOrExplain('bill-code', { accountNumber, code }, back, (query) =>
    to('/sign-in', { method: 'bill', account: accountNumber, back, ...query }),
  );
}

export async function signInWithSmsCodeAction(formData: FormData): Promise<void> {
  const accountNumber = text(formData, 'accountNumber');
  const code = text(formData, 'code', 32);
  const back = safeReturnPath(text(formData, 'back', 512));
  await signInOrExplain('sms-code', { accountNumber, code }, back, (query) =>
    to('/sign-in/code', { account: accountNumber, back, ...query }),
  );
}

/** "Send me a code": a 6-digit code by SMS to the phone on file, then the code page. */
export async function requestSmsCodeAction(formData: FormData): Promise<void> {
  const accountNumber = text(formData, 'accountNumber');
  const back = safeReturnPath(text(formData, 'back', 512));
  const { m } = await getRequestMessages();
  const prisma = getPrisma();
  let target: string;
  try {
    const issued = await issueSignInCode(prisma, {
      accountNumber,
      clientKey: clientKeyFromHeaders(await headers(), getAuthSecret()),
      scheme: getAccountNumberScheme(),
      key: getAuthSecret(),
      composeBody: (code) => interpolate(m.auth.smsBody, { code }),
      send: (message) => sendSms(prisma, getSmsTransport(), { ...message, kind: 'ONE_TIME_CODE' }),
    });
    target = to('/sign-in/code', { account: issued.accountNumber, back });
  } catch (error) {
    const failure = signInFailureOf(error);
    if (!failure) console.error('sending a sign-in code failed:', error);
    const query = failure ? failureQuery(failure, 'account') : { error: 'sms_failed' };
    target =
      failure?.kind === 'resend'
        ? to('/sign-in/code', { account: accountNumber, back, ...query })
        : to('/sign-in', { method: 'sms', account: accountNumber, back, ...query });
  }
  redirect(target);
}

/** Signs out of every linked account (the whole session). */
export async function signOutAction(): Promise<void> {
  // Server-side first: a copy of this cookie must not outlive the sign-out.
  const sessionCookies = (await cookies())
    .getAll()
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ');
  await revokeCurrentSession(new Headers({ cookie: sessionCookies }));
  await signOut({ redirectTo: '/sign-in' });
}
