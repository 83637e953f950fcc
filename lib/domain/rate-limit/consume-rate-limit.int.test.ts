import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getPrisma } from '../../server/db';
import { consumeRateLimit, purgeExpiredRateLimits } from './consume-rate-limit';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

function key(): string {
  return `test:${randomBytes(8).toString('hex')}`;
}

describe('consumeRateLimit (real PostgreSQL)', () => {
  it('allows exactly 10 of 20 concurrent consumes with limit 10', async () => {
    const k = key();
    const now = new Date('2026-11-27T10:00:30Z');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        consumeRateLimit(prisma, { key: k, limit: 10, windowSeconds: 60, now }),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds === 30)).toBe(true);
    expect(results.map((r) => r.remaining).sort((a, b) => a - b)).toEqual([
      ...Array<number>(11).fill(0),
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
    ]);
    const row = await prisma.rateLimitCounter.findFirstOrThrow({ where: { key: k } });
    expect(row.count).toBe(20);
  });

  it('counts down within a window and starts afresh in the next one', async () => {
    const k = key();
    const t0 = new Date('2026-11-27T10:00:00Z');
    const first = await consumeRateLimit(prisma, { key: k, limit: 2, windowSeconds: 60, now: t0 });
    expect(first).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
    const t1 = new Date('2026-11-27T10:00:50Z');
    expect(
      await consumeRateLimit(prisma, { key: k, limit: 2, windowSeconds: 60, now: t1 }),
    ).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect(
      await consumeRateLimit(prisma, { key: k, limit: 2, windowSeconds: 60, now: t1 }),
    ).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 10 });
    const t2 = new Date('2026-11-27T10:01:00Z');
    expect(
      await consumeRateLimit(prisma, { key: k, limit: 2, windowSeconds: 60, now: t2 }),
    ).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
  });

  it('keeps keys apart and purges ended windows', async () => {
    const a = key();
    const b = key();
    const now = new Date('2020-01-01T00:00:00Z');
    await consumeRateLimit(prisma, { key: a, limit: 1, windowSeconds: 60, now });
    expect(
      (await consumeRateLimit(prisma, { key: b, limit: 1, windowSeconds: 60, now })).allowed,
    ).toBe(true);
    await purgeExpiredRateLimits(prisma, { now: new Date('2020-01-01T00:01:00Z') });
    expect(await prisma.rateLimitCounter.count({ where: { key: { in: [a, b] } } })).toBe(0);
  });

  it('refuses nonsense limits', async () => {
    await expect(
      consumeRateLimit(prisma, { key: key(), limit: 0, windowSeconds: 60 }),
    ).rejects.toThrow(/limit/);
    await expect(
      consumeRateLimit(prisma, { key: '', limit: 1, windowSeconds: 60 }),
    ).rejects.toThrow();
  });
});
