import { describe, expect, it } from 'vitest';
import { parseHryvniaAmount } from './payment-limits';

describe('parseHryvniaAmount', () => {
  it.each([
    ['300', { ok: true, kopecks: 30_000 }],
    ['1 234,56', { ok: true, kopecks: 123_456 }],
    ['1234.5', { ok: true, kopecks: 123_450 }],
    ['20', { ok: true, kopecks: 2_000 }],
    ['100000', { ok: true, kopecks: 10_000_000 }],
    ['19.99', { ok: false, problem: 'TOO_SMALL' }],
    ['100000.01', { ok: false, problem: 'TOO_LARGE' }],
    ['1.234', { ok: false, problem: 'NOT_A_NUMBER' }],
    ['-50', { ok: false, problem: 'NOT_A_NUMBER' }],
    ['1e5', { ok: false, problem: 'NOT_A_NUMBER' }],
    ['', { ok: false, problem: 'NOT_A_NUMBER' }],
  ] as const)('%j → %j', (input, expected) => {
    expect(parseHryvniaAmount(input)).toEqual(expected);
  });
});
