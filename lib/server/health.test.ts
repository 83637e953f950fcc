import { describe, expect, it } from 'vitest';
import { isPoolExhausted } from './health';

describe('isPoolExhausted', () => {
  it.each([
    [{ totalCount: 4, idleCount: 0, waitingCount: 1, options: { max: 4 } }, true],
    [{ totalCount: 4, idleCount: 0, waitingCount: 0, options: { max: 4 } }, false],
    [{ totalCount: 4, idleCount: 1, waitingCount: 0, options: { max: 4 } }, false],
    [{ totalCount: 2, idleCount: 0, waitingCount: 3, options: { max: 4 } }, false],
  ])('%o → %s', (pool, exhausted) => {
    expect(isPoolExhausted(pool)).toBe(exhausted);
  });
});
