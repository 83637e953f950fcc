import { describe, expect, it } from 'vitest';
import { periodProgress } from './period-close-console';

const started = new Date('2026-12-01T02:00:00Z');
const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);

describe('periodProgress (the close as the console shows it)', () => {
  it('estimates what is left at the pace so far, by account id', () => {
    // A quarter of the ids in 10 s: 30 s to go.
    expect(
      periodProgress(
        {
          startedAt: started,
          accruedThroughAccountId: 150_000,
          lastAccountId: 600_000,
          accountsAccrued: 149_500,
          accountsTotal: 598_000,
        },
        at(10),
      ),
    ).toEqual({
      accountsDone: 149_500,
      accountsTotal: 598_000,
      fraction: 0.25,
      elapsedSeconds: 10,
      remainingSeconds: 30,
    });
  });

  it('gives no estimate before the first batch or once every batch is in', () => {
    const base = {
      startedAt: started,
      lastAccountId: 600_000,
      accountsAccrued: 0,
      accountsTotal: 598_000,
    };
    expect(
      periodProgress({ ...base, accruedThroughAccountId: null }, at(3)).remainingSeconds,
    ).toBeNull();
    expect(periodProgress({ ...base, accruedThroughAccountId: 600_000 }, at(40))).toMatchObject({
      fraction: 1,
      remainingSeconds: null,
    });
  });

  it('a period never started: nothing done, nothing elapsed', () => {
    expect(
      periodProgress(
        {
          startedAt: null,
          accruedThroughAccountId: null,
          lastAccountId: null,
          accountsAccrued: 0,
          accountsTotal: null,
        },
        at(5),
      ),
    ).toEqual({
      accountsDone: 0,
      accountsTotal: 0,
      fraction: 0,
      elapsedSeconds: 0,
      remainingSeconds: null,
    });
  });
});
