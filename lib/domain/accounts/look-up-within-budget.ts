import 'server-only';
import type { PrismaClient } from '../../server/db';
import { isAppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import {
  CONSUME_RATE_LIMIT_SQL,
  consumeRateLimit,
  rateLimitHit,
} from '../rate-limit/consume-rate-limit';
import type { AccountNumberProblem, AccountNumberScheme } from './account-number';
import {
  type LookupRow,
  lookupQuery,
  lookupSql,
  type PublicAccountSummary,
} from './lookup-account';

/**
 * Public look-ups per client per window (DESIGN rule 6): generous for a family paying several
 * flats, far too few to enumerate account numbers. Shared by every app instance (PostgreSQL).
 */
export const LOOKUP_LIMIT = 30;
export const LOOKUP_WINDOW_SECONDS = 5 * 60;

/** What an anonymous look-up can answer, as a value every edge maps in its own format. */
export type PublicLookup =
  | { kind: 'FOUND'; summary: PublicAccountSummary }
  | { kind: 'NOT_FOUND' }
  | { kind: 'INVALID'; problem: AccountNumberProblem }
  | { kind: 'LIMITED'; retryAfterSeconds: number };

/** The budget every look-up spends from: LOOKUP_LIMIT per client per window. */
function lookupBudget(options: { clientKey: string; now?: Date }) {
  return {
    key: `lookup:${options.clientKey}`,
    limit: LOOKUP_LIMIT,
    windowSeconds: LOOKUP_WINDOW_SECONDS,
    now: options.now,
  };
}

/**
 * Counts one use of the client's look-up budget. Every path that reveals whether an account
 * exists (the look-up pages and API, the pay page, starting a checkout) spends from it.
 */
export async function consumeLookupBudget(
  prisma: PrismaClient,
  options: { clientKey: string; now?: Date },
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const budget = await consumeRateLimit(prisma, lookupBudget(options));
  return {
    allowed: budget.allowed,
    retryAfterSeconds: Math.max(1, Math.ceil(budget.retryAfterSeconds)),
  };
}

/**
 * One anonymous look-up: counts it against the client's budget (`clientKey` is a keyed hash
 * of the client's address, never the address), then looks the account up, in one statement.
 * The home page, the pay page and the public API all go through here, so all three share one
 * budget. Over the budget, the account is not read (LIMITED, whatever the number).
 */
export async function lookUpAccountWithinBudget(
  prisma: PrismaClient,
  options: {
    clientKey: string;
    accountNumber: string;
    scheme: AccountNumberScheme;
    rules: BillingRules;
    asOf?: Date;
  },
): Promise<PublicLookup> {
  const hit = rateLimitHit(lookupBudget({ clientKey: options.clientKey }));
  const query = lookupQuery(options);
  // One round trip: the hit is counted, and the account read only if it fits the budget.
  const [row] = await prisma.$queryRawUnsafe<(LookupRow & { budget_count: number })[]>(
    `WITH budget AS (${CONSUME_RATE_LIMIT_SQL})
     SELECT budget.count AS budget_count, found.*
       FROM budget
       LEFT JOIN LATERAL (${lookupSql('$4')}) found ON budget.count <= $5`,
    ...hit.params,
    query.param,
    LOOKUP_LIMIT,
  );
  const budget = hit.result(row?.budget_count);
  if (!budget.allowed) {
    return { kind: 'LIMITED', retryAfterSeconds: Math.max(1, Math.ceil(budget.retryAfterSeconds)) };
  }
  try {
    const summary = query.summary(row?.number === null ? undefined : row);
    return { kind: 'FOUND', summary };
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) return { kind: 'NOT_FOUND' };
    if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'account') {
      return { kind: 'INVALID', problem: error.details.problem };
    }
    throw error;
  }
}
