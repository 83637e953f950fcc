import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';

export type RateLimitResult = {
  /** True when this consume fits in the window's budget. */
  allowed: boolean;
  /** Consumes left in the current window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window resets; 0 when allowed. */
  retryAfterSeconds: number;
};

export type ConsumeRateLimitOptions = {
  /** What is being limited, e.g. `lookup:ip:<hash>` or `sign-in:account:42`. At most 200 chars. */
  key: string;
  /** Consumes allowed per window (≥ 1). */
  limit: number;
  /** Window length in seconds (≥ 1). */
  windowSeconds: number;
  now?: Date;
};

/** The start of the fixed window `now` falls in (windows are aligned to the Unix epoch). */
export function rateLimitWindowStart(now: Date, windowSeconds: number): Date {
  const windowMs = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/**
 * Counts one hit against a fixed-window limit shared by every app instance (DESIGN "scale":
 * never in one process's memory). One statement, `INSERT … ON CONFLICT DO UPDATE SET count =
 * count + 1 RETURNING count`: PostgreSQL serialises concurrent increments of the same row, so N
 * concurrent consumes against limit L allow exactly min(N, L). Refused hits still count (a client
 * hammering the limit does not get a fresh budget), which is harmless: the row expires with its
 * window. Not idempotent by design: every call is one hit.
 */
export async function consumeRateLimit(
  db: PrismaClient | Tx,
  options: ConsumeRateLimitOptions,
): Promise<RateLimitResult> {
  const hit = rateLimitHit(options);
  const rows = await db.$queryRawUnsafe<{ count: number }[]>(CONSUME_RATE_LIMIT_SQL, ...hit.params);
  return hit.result(rows[0]?.count);
}

/**
 * The counting statement on its own, for a caller that sends it in one round trip with its own
 * query (the public look-up: `WITH budget AS (…)`). Parameters: $1 key, $2 window start, $3 the
 * window's end; returns `count`, the window's hits including this one.
 */
export const CONSUME_RATE_LIMIT_SQL = `
    INSERT INTO rate_limit_counter (key, window_start, count, expires_at)
    VALUES ($1, $2::timestamptz, 1, $3::timestamptz)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1
    RETURNING count`;

/**
 * One hit, checked and placed in its window: the parameters of CONSUME_RATE_LIMIT_SQL, and how
 * to read the count it returns. Invalid options → INVALID_INPUT, before anything is written.
 */
export function rateLimitHit(options: ConsumeRateLimitOptions): {
  params: [key: string, windowStart: Date, expiresAt: Date];
  result: (count: number | bigint | undefined) => RateLimitResult;
} {
  const { key, limit, windowSeconds } = options;
  if (key === '' || key.length > 200) throw new AppError('INVALID_INPUT', 'bad rate-limit key');
  if (!Number.isInteger(limit) || limit < 1) {
    throw new AppError('INVALID_INPUT', 'rate-limit limit must be a positive integer');
  }
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
    throw new AppError(
      'INVALID_INPUT',
      'rate-limit window must be a positive whole number of seconds',
    );
  }
  const now = options.now ?? new Date();
  const windowStart = rateLimitWindowStart(now, windowSeconds);
  const expiresAt = new Date(windowStart.getTime() + windowSeconds * 1000);
  return {
    params: [key, windowStart, expiresAt],
    result: (returned) => {
      const count = returned === undefined ? Number.POSITIVE_INFINITY : Number(returned);
      const allowed = count <= limit;
      return {
        allowed,
        remaining: Math.max(0, limit - count),
        retryAfterSeconds: allowed
          ? 0
          : Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)),
      };
    },
  };
}

/** How many hits the current window of `key` has had, without counting one. */
export async function readRateLimit(
  db: PrismaClient | Tx,
  options: { key: string; windowSeconds: number; now?: Date },
): Promise<{ count: number; windowEndsAt: Date }> {
  const now = options.now ?? new Date();
  const windowStart = rateLimitWindowStart(now, options.windowSeconds);
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limit_counter WHERE key = ${options.key} AND window_start = ${windowStart}`;
  return {
    count: Number(rows[0]?.count ?? 0),
    windowEndsAt: new Date(windowStart.getTime() + options.windowSeconds * 1000),
  };
}

/** Deletes counters whose window has ended (housekeeping; safe to run at any time). */
export async function purgeExpiredRateLimits(
  db: PrismaClient | Tx,
  options: { now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  return db.$executeRaw`DELETE FROM rate_limit_counter WHERE expires_at <= ${now}`;
}
