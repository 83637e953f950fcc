import { lookupAccount } from '@/lib/domain/accounts/lookup-account';
import { isAppError } from '@/lib/domain/app-error';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme, getBillingRules } from '@/lib/server/env';
import { appErrorResponse, jsonResponse } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** Public lookup: masked summary of an account, for anyone paying it. */
export async function GET(
  _request: Request,
  context: { params: Promise<{ accountNumber: string }> },
) {
  const { accountNumber } = await context.params;
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
