import 'server-only';
import {
  lookUpAccountWithinBudget,
  type PublicLookup,
} from '@/lib/domain/accounts/look-up-within-budget';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme, getAuthSecret, getBillingRules } from '@/lib/server/env';

/**
 * The look-up preamble of the home page, the pay page and the public API, in one place: the
 * client's key from the request, the configured scheme and rules, one domain call.
 */
export async function publicLookup(
  requestHeaders: Headers,
  accountNumber: string,
): Promise<PublicLookup> {
  return lookUpAccountWithinBudget(getPrisma(), {
    clientKey: clientKeyFromHeaders(requestHeaders, getAuthSecret()),
    accountNumber,
    scheme: getAccountNumberScheme(),
    rules: getBillingRules(),
  });
}

/** Where a page sends a client over its look-up budget: the route that answers 429. */
export function limitedPath(retryAfterSeconds: number): string {
  return `/lookup/limited?retry=${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}
