import 'server-only';
import { consumeRateLimit, type RateLimitResult } from '@/lib/domain/rate-limit/consume-rate-limit';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { getPrisma } from '@/lib/server/db';
import { getAuthSecret } from '@/lib/server/env';

/** Public look-ups per client (keyed hash of its address) per window: generous for a family
 * paying several flats, far too few to enumerate account numbers. */
export const LOOKUP_LIMIT = 30;
export const LOOKUP_WINDOW_SECONDS = 5 * 60;

/**
 * Counts one look-up against the client's budget, shared by every app instance through
 * PostgreSQL (consumeRateLimit). The key never holds the raw IP address.
 */
export async function limitLookup(headers: Headers): Promise<RateLimitResult> {
  return consumeRateLimit(getPrisma(), {
    key: `lookup:${clientKeyFromHeaders(headers, getAuthSecret())}`,
    limit: LOOKUP_LIMIT,
    windowSeconds: LOOKUP_WINDOW_SECONDS,
  });
}

/** Where the home page sends a client over its budget: the route that answers 429. */
export function limitedPath(retryAfterSeconds: number): string {
  return `/lookup/limited?retry=${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}
