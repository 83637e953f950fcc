'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isAppError } from '@/lib/domain/app-error';
import { startLinkedCheckout } from '@/lib/domain/payments/start-checkout';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { requireResidentSession } from '@/lib/server/auth/resident';
import { getPrisma } from '@/lib/server/db';
import { getAuthSecret, getEnv } from '@/lib/server/env';
import { getRequestLocale } from '@/lib/server/locale';
import { getCheckoutProvider } from '@/lib/server/payments/checkout-provider';
import { limitedPath } from '../../_lib/public-lookup';
import { AMOUNT_FIELD, PAY_SEVERAL_PATH } from './fields';

/**
 * "Continue to payment" for several linked accounts (a plain form post; works without
 * JavaScript; Next checks the Origin of server-action posts). Only the accounts this browser
 * session has proved can be paid here; a field naming any other account refuses the whole
 * form. Errors come back to the form with what was typed, never the provider's text.
 */
export async function startLinkedCheckoutAction(formData: FormData): Promise<void> {
  const session = await requireResidentSession(PAY_SEVERAL_PATH);
  const amounts = new Map<number, string>();
  for (const [name, value] of formData.entries()) {
    const match = AMOUNT_FIELD.exec(name);
    if (match?.[1] && typeof value === 'string') amounts.set(Number(match[1]), value.slice(0, 32));
  }
  let target: string;
  try {
    const checkout = await startLinkedCheckout(getPrisma(), getCheckoutProvider(), {
      linked: session.linked,
      amounts,
      locale: await getRequestLocale(),
      appUrl: getEnv().APP_URL,
      clientKey: clientKeyFromHeaders(await headers(), getAuthSecret()),
    });
    target = checkout.url;
  } catch (error) {
    if (isAppError(error, 'RATE_LIMITED') && error.details.reason !== 'LOCKED') {
      redirect(limitedPath(error.details.retryAfterSeconds));
    }
    if (!isAppError(error)) console.error('several-account checkout failed:', error);
    const query = new URLSearchParams({ fill: 'typed' });
    for (const account of session.linked) {
      query.set(`a${account.accountId}`, amounts.get(account.accountId) ?? '');
    }
    if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'amount') {
      query.set('error', error.details.problem);
      if (error.details.accountId) query.set('for', String(error.details.accountId));
    } else if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'form') {
      query.set('error', error.details.problem);
    } else {
      query.set('error', 'UNAVAILABLE');
    }
    target = `${PAY_SEVERAL_PATH}?${query.toString()}`;
  }
  redirect(target);
}
