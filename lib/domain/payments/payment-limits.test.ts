import { describe, expect, it } from 'vitest';
import { formatHryvniaInput, parseHryvniaAmount, parseHryvnias } from './payment-limits';

describe('parseHryvniaAmount', () => {
  it.each([
    ['300', { ok: true, kopecks: 30_000 }],
    ['1 234,56', { ok: true, kopecks: 123_456 }],
    ['6 560,82', { ok: true, kopecks: 656_082 }],
    ['6560.82', { ok: true, kopecks: 656_082 }],
    ['6560,82', { ok: true, kopecks: 656_082 }],
    ['6\u00a0560,82', { ok: true, kopecks: 656_082 }],
    ['6 560,82 грн', { ok: false, problem: 'NOT_A_NUMBER' }],
    ['6,560.82', { ok: false, problem: 'NOT_A_NUMBER' }],
    ['шість', { ok: false, problem: 'NOT_A_NUMBER' }],
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

describe('formatHryvniaInput', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [2_000, '20,00'],
    [656_082, '6 560,82'],
    [1_500_000, '15 000,00'],
    [10_000_000, '100 000,00'],
    [123_456_789, '1 234 567,89'],
  ])('%i kopecks → %j, and back', (kopecks, text) => {
    expect(formatHryvniaInput(kopecks)).toBe(text);
    expect(parseHryvnias(text)).toBe(kopecks);
  });

  it('refuses what is not an amount', () => {
    expect(() => formatHryvniaInput(-1)).toThrow(RangeError);
    expect(() => formatHryvniaInput(1.5)).toThrow(RangeError);
  });
});
