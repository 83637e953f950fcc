'use server';

import { redirect } from 'next/navigation';
import { isAppError } from '@/lib/domain/app-error';
import { requestPaymentPlan } from '@/lib/domain/plans/request-payment-plan';
import { requireResidentSession } from '@/lib/server/auth/resident';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPaymentPlanPolicy } from '@/lib/server/env';
import { getRequestLocale } from '@/lib/server/locale';

/**
 * "Agree": the resident's plan for the signed-in account (a plain form post, no JavaScript;
 * Next checks the Origin of server-action posts). The count is the only input; the amount is
 * the account's overdue debt now, never a number from the form.
 */
export async function requestPlanAction(formData: FormData): Promise<void> {
  const session = await requireResidentSession('/account/plan');
  const raw = String(formData.get('instalments') ?? '');
  const instalments = /^[0-9]{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
  let target = '/account/plan?done=1';
  try {
    await requestPaymentPlan(getPrisma(), {
      accountId: session.accountId,
      instalments,
      locale: await getRequestLocale(),
      rules: getBillingRules(),
      policy: getPaymentPlanPolicy(),
    });
  } catch (error) {
    if (!isAppError(error)) console.error('payment plan request failed:', error);
    const code =
      isAppError(error, 'CONFLICT') && error.details
        ? error.details.reason
        : isAppError(error, 'INVALID_INPUT')
          ? 'OUT_OF_RANGE'
          : 'UNAVAILABLE';
    target = `/account/plan?error=${encodeURIComponent(code)}`;
  }
  redirect(target);
}
