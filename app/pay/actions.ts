'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isAppError } from '@/lib/domain/app-error';
import { startCheckout } from '@/lib/domain/payments/start-checkout';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme, getAuthSecret, getEnv } from '@/lib/server/env';
import { getRequestLocale } from '@/lib/server/locale';
import { getCheckoutProvider } from '@/lib/server/payments/checkout-provider';
import { limitedPath } from '../_lib/public-lookup';

/**
 * "Continue to payment" (a plain form post; works without JavaScript). Next checks the
 * Origin of server-action posts, which is the form's CSRF protection. Errors come back to the
 * form as a code in the query string, never the provider's text.
 */
export async function startCheckoutAction(formData: FormData): Promise<void> {
  const account = String(formData.get('account') ?? '').slice(0, 64);
  const amount = String(formData.get('amount') ?? '').slice(0, 32);
  let target: string;
  try {
    const checkout = await startCheckout(getPrisma(), getCheckoutProvider(), {
      accountNumber: account,
      amount,
      locale: await getRequestLocale(),
      appUrl: getEnv().APP_URL,
      scheme: getAccountNumberScheme(),
      clientKey: clientKeyFromHeaders(await headers(), getAuthSecret()),
    });
    target = checkout.url;
  } catch (error) {
    if (isAppError(error, 'RATE_LIMITED') && error.details.reason !== 'LOCKED') {
      redirect(limitedPath(error.details.retryAfterSeconds));
    }
    const code = !isAppError(error)
      ? 'UNAVAILABLE'
      : isAppError(error, 'INVALID_INPUT') && error.details?.field === 'amount'
        ? error.details.problem
        : 'ACCOUNT';
    if (!isAppError(error)) console.error('checkout failed:', error);
    const query = new URLSearchParams({ account, amount, error: code });
    target = `/pay?${query.toString()}`;
  }
  redirect(target);
}
