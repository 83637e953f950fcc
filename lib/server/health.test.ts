/**
 * The health check's database probe: one query serves every check for a second (concurrent
 * checks share the one in flight), a failed or hung probe reads as down, and the dialer pool's
 * state is read on every call.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const queryRaw = vi.fn<() => Promise<unknown>>();
const pool = { totalCount: 0, idleCount: 0, waitingCount: 0, options: { max: 4 } };
vi.mock('./db', () => ({ getPrisma: () => ({ $queryRaw: queryRaw }) }));
vi.mock('./pg-pool', () => ({ getPgPool: () => pool }));

async function freshHealth() {
  vi.resetModules();
  return import('./health');
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
  queryRaw.mockReset();
  Object.assign(pool, { totalCount: 0, idleCount: 0, waitingCount: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('checkHealth', () => {
  it('answers many checks within a second with one query, then probes again', async () => {
    const { checkHealth, DATABASE_PROBE_MAX_AGE_MS } = await freshHealth();
    queryRaw.mockResolvedValue([{ '?column?': 1 }]);
    const reports = await Promise.all(Array.from({ length: 20 }, () => checkHealth()));
    expect(reports.every((r) => r.status === 'ok' && r.database === 'up')).toBe(true);
    expect(queryRaw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(DATABASE_PROBE_MAX_AGE_MS - 1);
    await checkHealth();
    expect(queryRaw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await checkHealth();
    expect(queryRaw).toHaveBeenCalledTimes(2);
  });

  it('reads a failing database as down, and notices its recovery a second later', async () => {
    const { checkHealth, DATABASE_PROBE_MAX_AGE_MS } = await freshHealth();
    queryRaw.mockRejectedValueOnce(new Error('connection refused'));
    expect(await checkHealth()).toEqual({
      status: 'unavailable',
      database: 'down',
      callListPool: 'ok',
    });
    queryRaw.mockResolvedValue([{}]);
    vi.advanceTimersByTime(DATABASE_PROBE_MAX_AGE_MS);
    expect((await checkHealth()).status).toBe('ok');
  });

  it('reads a hung database as down once the deadline passes', async () => {
    const { checkHealth } = await freshHealth();
    queryRaw.mockReturnValue(new Promise(() => {}));
    const report = checkHealth(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await report).toMatchObject({ status: 'unavailable', database: 'down' });
  });

  it('checks the dialer pool on every call, even within a probe’s second', async () => {
    const { checkHealth } = await freshHealth();
    queryRaw.mockResolvedValue([{}]);
    expect((await checkHealth()).status).toBe('ok');
    Object.assign(pool, { totalCount: 4, idleCount: 0, waitingCount: 1 });
    expect(await checkHealth()).toEqual({
      status: 'unavailable',
      database: 'up',
      callListPool: 'exhausted',
    });
    expect(queryRaw).toHaveBeenCalledTimes(1);
  });
});
