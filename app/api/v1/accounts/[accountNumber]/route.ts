import { lookupAccount } from '@/lib/domain/accounts/lookup-account';
import { isAppError } from '@/lib/domain/app-error';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme, getBillingRules } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

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
    return Response.json(summary, { headers: noStore });
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT')) {
      return Response.json(
        { error: 'INVALID_ACCOUNT_NUMBER', reason: error.details?.problem ?? 'INVALID' },
        { status: 400, headers: noStore },
      );
    }
    if (isAppError(error, 'NOT_FOUND')) {
      return Response.json({ error: 'ACCOUNT_NOT_FOUND' }, { status: 404, headers: noStore });
    }
    throw error;
  }
}
