import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getPrisma } from '../../server/db';
import { consumeRateLimit, purgeExpiredRateLimits } from './consume-rate-limit';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

describe('purgeExpiredRateLimits', () => {
  it('deletes ended windows, keeps current ones', async () => {
    const tag = randomBytes(6).toString('hex');
    const longAgo = new Date(Date.now() - 2 * 86_400_000);
    for (let i = 0; i < 5; i++) {
      await consumeRateLimit(prisma, {
        key: `old:${tag}:${i}`,
        limit: 5,
        windowSeconds: 60,
        now: longAgo,
      });
    }
    await consumeRateLimit(prisma, { key: `now:${tag}`, limit: 5, windowSeconds: 3600 });
    const purged = await purgeExpiredRateLimits(prisma);
    expect(purged).toBeGreaterThanOrEqual(5);
    expect(
      await prisma.rateLimitCounter.count({ where: { key: { startsWith: `old:${tag}` } } }),
    ).toBe(0);
    expect(await prisma.rateLimitCounter.count({ where: { key: `now:${tag}` } })).toBe(1);
  });
});
