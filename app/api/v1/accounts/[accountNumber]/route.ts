import { lookupAccount } from '@/lib/domain/accounts/lookup-account';
import { isAppError } from '@/lib/domain/app-error';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme, getBillingRules } from '@/lib/server/env';
import { appErrorResponse, jsonResponse } from '@/lib/server/http';
import { limitLookup } from '@/lib/server/lookup-limit';

export const dynamic = 'force-dynamic';

/** Public lookup: masked summary of an account, for anyone paying it; rate-limited per client. */
export async function GET(
  request: Request,
  context: { params: Promise<{ accountNumber: string }> },
) {
  const { accountNumber } = await context.params;
  const budget = await limitLookup(request.headers);
  if (!budget.allowed) {
    const retryAfter = Math.max(1, Math.ceil(budget.retryAfterSeconds));
    return jsonResponse({ error: 'RATE_LIMITED', retryAfterSeconds: retryAfter }, 429, {
      'Retry-After': String(retryAfter),
    });
  }
  try {
    const summary = await lookupAccount(getPrisma(), {
      accountNumber: decodeURIComponent(accountNumber),
      scheme: getAccountNumberScheme(),
      rules: getBillingRules(),
    });
    return jsonResponse(summary);
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT')) {
      return jsonResponse(
        { error: 'INVALID_ACCOUNT_NUMBER', reason: error.details?.problem ?? 'INVALID' },
        400,
      );
    }
    if (isAppError(error, 'NOT_FOUND')) return jsonResponse({ error: 'ACCOUNT_NOT_FOUND' }, 404);
    return appErrorResponse(error);
  }
}
