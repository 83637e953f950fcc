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
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_counter (key, window_start, count, expires_at)
    VALUES (${key}, ${windowStart}, 1, ${expiresAt})
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1
    RETURNING count`;
  const count = Number(rows[0]?.count ?? Number.POSITIVE_INFINITY);
  const allowed = count <= limit;
  return {
    allowed,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: allowed
      ? 0
      : Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)),
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
