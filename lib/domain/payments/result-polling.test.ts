import { describe, expect, it } from 'vitest';
import {
  nextWaitCount,
  parseWaitCount,
  RESULT_MAX_REFRESHES,
  RESULT_REFRESH_SECONDS,
} from './result-polling';

describe('the payment result page’s refreshes', () => {
  it('waits about a minute in all', () => {
    expect(RESULT_MAX_REFRESHES * RESULT_REFRESH_SECONDS).toBe(60);
  });

  it.each([
    [undefined, 0],
    ['', 0],
    ['0', 0],
    ['7', 7],
    ['20', 20],
    ['999', RESULT_MAX_REFRESHES],
    ['-1', 0],
    ['1e3', 0],
    ['3.5', 0],
    [['2', '3'], 0],
    ['0012', 0],
  ])('reads wait=%j as %i', (raw, expected) => {
    expect(parseWaitCount(raw)).toBe(expected);
  });

  it('counts up to the limit, then stops', () => {
    expect(nextWaitCount(0)).toBe(1);
    expect(nextWaitCount(RESULT_MAX_REFRESHES - 1)).toBe(RESULT_MAX_REFRESHES);
    expect(nextWaitCount(RESULT_MAX_REFRESHES)).toBeNull();
  });
});
