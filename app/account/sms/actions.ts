'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isAppError } from '@/lib/domain/app-error';
import { confirmSmsOptIn } from '@/lib/domain/sms/confirm-sms-opt-in';
import { optOutOfSms } from '@/lib/domain/sms/opt-out-of-sms';
import { requestSmsOptInCode } from '@/lib/domain/sms/request-sms-opt-in-code';
import { interpolate } from '@/lib/i18n/messages';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { requireResidentSession } from '@/lib/server/auth/resident';
import { getPrisma } from '@/lib/server/db';
import { getAuthSecret, getBillingRules } from '@/lib/server/env';
import { getRequestMessages } from '@/lib/server/locale';
import { getSmsTransport, sendSms } from '@/lib/server/sms/transport';

/*
 * Choosing SMS instead of calls (docs/sms.md): plain form posts, no client JavaScript. Each
 * action checks the session itself (the account is always the session's current one, never a
 * form field), validates its input, calls one domain function, and redirects with a query the
 * page explains. CSRF: Next accepts a server-action post only from its own origin.
 */

function text(formData: FormData, name: string, max: number): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function to(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

function minutes(seconds: number): string {
  return String(Math.max(1, Math.ceil(seconds / 60)));
}

/** Step 1: a Ukrainian mobile number → a code to it. */
export async function requestSmsCodeAction(formData: FormData): Promise<void> {
  const session = await requireResidentSession('/account/sms');
  const { m } = await getRequestMessages();
  const prisma = getPrisma();
  const phone = text(formData, 'phone', 40);
  let target: string;
  try {
    await requestSmsOptInCode(prisma, {
      accountId: session.accountId,
      phone,
      clientKey: clientKeyFromHeaders(await headers(), getAuthSecret()),
      key: getAuthSecret(),
      composeBody: (code) => interpolate(m.sms.codeBody, { code }),
      send: (message) => sendSms(prisma, getSmsTransport(), { ...message, kind: 'ONE_TIME_CODE' }),
    });
    target = '/account/sms/confirm';
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'phone') {
      target = to('/account/sms', { error: error.details.problem, phone });
    } else if (isAppError(error, 'RATE_LIMITED') && error.details.reason !== 'LOCKED') {
      target = to(error.details.reason === 'RESEND' ? '/account/sms/confirm' : '/account/sms', {
        error: error.details.reason,
        minutes: minutes(error.details.retryAfterSeconds),
      });
    } else {
      console.error('sending an SMS opt-in code failed:', error);
      target = to('/account/sms', { error: 'SMS_FAILED', phone });
    }
  }
  redirect(target);
}

/** Step 2: the code → SMS on, consent recorded, off the call list (one transaction). */
export async function confirmSmsCodeAction(formData: FormData): Promise<void> {
  const session = await requireResidentSession('/account/sms/confirm');
  const { locale, m } = await getRequestMessages();
  let target: string;
  try {
    const result = await confirmSmsOptIn(getPrisma(), {
      accountId: session.accountId,
      code: text(formData, 'code', 32),
      key: getAuthSecret(),
      // The exact sentence the confirm page showed, in the resident's language.
      consentText: m.sms.consent,
      locale,
      clientKey: clientKeyFromHeaders(await headers(), getAuthSecret()),
      rules: getBillingRules(),
    });
    target = to('/account/sms/done', {
      result: 'on',
      phone: result.maskedPhone,
      removed: result.callList.change === 'REMOVED' ? '1' : '0',
      shared: String(result.sharedWithAccounts),
    });
  } catch (error) {
    if (!(isAppError(error, 'INVALID_INPUT') && error.details?.field === 'code')) throw error;
    target = to('/account/sms/confirm', { error: error.details.problem });
  }
  redirect(target);
}

/** Back to calls: SMS off, consent recorded, the call list re-evaluated (one transaction). */
export async function optOutOfSmsAction(): Promise<void> {
  const session = await requireResidentSession('/account');
  const { locale, m } = await getRequestMessages();
  const result = await getPrisma().$transaction((tx) =>
    optOutOfSms(tx, {
      accountId: session.accountId,
      source: 'WEB',
      evidence: { method: 'WEB_BUTTON', text: m.sms.optOut, locale },
      rules: getBillingRules(),
    }),
  );
  const outcome = !result.changed
    ? 'unchanged'
    : result.callList.evaluation.reason === 'OVERDUE'
      ? 'called'
      : 'not-called';
  redirect(to('/account/sms/done', { result: 'off', outcome }));
}
