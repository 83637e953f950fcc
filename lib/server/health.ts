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

/** How long one database probe's answer serves later health checks. */
export const DATABASE_PROBE_MAX_AGE_MS = 1000;

let lastProbe: { startedAt: number; result: Promise<'up' | 'down'> } | undefined;

/**
 * Asks the database a trivial question, with a deadline so a hung server (or an exhausted Prisma
 * pool) reads as down. One probe serves every health check for up to a second, and checks that
 * arrive while it runs wait for it: a load balancer polling many times a second costs the
 * database one query a second, and the health route answers at the framework's speed. The
 * answer is at most a second old (a probe that has not returned within its deadline reads as
 * down, as before).
 */
function probeDatabase(timeoutMs: number): Promise<'up' | 'down'> {
  const now = Date.now();
  if (lastProbe && now - lastProbe.startedAt < DATABASE_PROBE_MAX_AGE_MS) return lastProbe.result;
  const result = (async (): Promise<'up' | 'down'> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database health check timed out')), timeoutMs);
    });
    try {
      await Promise.race([getPrisma().$queryRaw`SELECT 1`, deadline]);
      return 'up';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  })();
  lastProbe = { startedAt: now, result };
  return result;
}

/**
 * The database probe (above) and the dialer's streaming pool, checked on every call: the pool
 * is in this process's memory, so that costs nothing.
 */
export async function checkHealth(timeoutMs = 2000): Promise<HealthReport> {
  const database = await probeDatabase(timeoutMs);
  if (database === 'down') return { status: 'unavailable', database, callListPool: 'ok' };
  const callListPool = isPoolExhausted(getPgPool()) ? 'exhausted' : 'ok';
  return { status: callListPool === 'ok' ? 'ok' : 'unavailable', database, callListPool };
}
