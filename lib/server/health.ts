import 'server-only';
import { getPrisma } from './db';
import { getPgPool } from './pg-pool';

export type HealthReport = {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  /** The dialer's streaming pool: exhausted when every connection is out and callers queue. */
  callListPool: 'ok' | 'exhausted';
};

/** Every connection checked out and requests waiting: the call list would hang. */
export function isPoolExhausted(pool: {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}): boolean {
  const max = pool.options.max ?? 10;
  return pool.totalCount >= max && pool.idleCount === 0 && pool.waitingCount > 0;
}

/**
 * Asks the database a trivial question, with a deadline so a hung server (or an exhausted Prisma
 * pool) reads as down, and checks that the dialer's streaming pool is not exhausted.
 */
export async function checkHealth(timeoutMs = 2000): Promise<HealthReport> {
  try {
    const probe = getPrisma().$queryRaw`SELECT 1`;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database health check timed out')), timeoutMs);
    });
    try {
      await Promise.race([probe, deadline]);
    } finally {
      clearTimeout(timer);
    }
    const callListPool = isPoolExhausted(getPgPool()) ? 'exhausted' : 'ok';
    return { status: callListPool === 'ok' ? 'ok' : 'unavailable', database: 'up', callListPool };
  } catch {
    return { status: 'unavailable', database: 'down', callListPool: 'ok' };
  }
}
