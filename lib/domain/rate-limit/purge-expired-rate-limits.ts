import 'server-only';
import type { PrismaClient } from '../../server/db';

/**
 * Deletes rate-limit windows that have ended (the worker runs it daily). Counting never reads
 * an expired window, so this only keeps the table small; it deletes in batches so that a long
 * backlog never holds one big transaction.
 */
export async function purgeExpiredRateLimits(
  prisma: PrismaClient,
  options: { now?: Date; batchSize?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  let total = 0;
  for (;;) {
    const deleted = await prisma.$executeRawUnsafe(
      `DELETE FROM rate_limit_counter WHERE ctid IN (
         SELECT ctid FROM rate_limit_counter WHERE expires_at < $1 LIMIT $2)`,
      now,
      options.batchSize ?? 10_000,
    );
    total += deleted;
    if (deleted === 0) return total;
  }
}
