import { describe, expect, it } from 'vitest';
import {
  formatAccountNumber,
  luhnCheckDigit,
  parseAccountNumber,
  withCheckDigit,
} from './account-number';

describe('account numbers (10 digits, Luhn check digit)', () => {
  it('computes the Luhn check digit', () => {
    // The classic example: 7992739871 → check digit 3.
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(withCheckDigit('100000001')).toBe('1000000016');
  });

  it.each([
    ['1000000016', { ok: true, accountNumber: '1000000016' }],
    ['1000 0000 16', { ok: true, accountNumber: '1000000016' }],
    [' 1000-0000-16 ', { ok: true, accountNumber: '1000000016' }],
    ['', { ok: false, problem: 'EMPTY' }],
    ['   ', { ok: false, problem: 'EMPTY' }],
    ['10000000l6', { ok: false, problem: 'NOT_DIGITS' }],
    ['1000000016; DROP TABLE', { ok: false, problem: 'NOT_DIGITS' }],
    ['100000001', { ok: false, problem: 'WRONG_LENGTH' }],
    ['10000000160', { ok: false, problem: 'WRONG_LENGTH' }],
    ['1000000017', { ok: false, problem: 'BAD_CHECK_DIGIT' }], // last digit mistyped
    ['1000000061', { ok: false, problem: 'BAD_CHECK_DIGIT' }], // neighbours swapped
  ] as const)('%j → %j', (input, expected) => {
    expect(parseAccountNumber(input)).toEqual(expected);
  });

  it('accepts any digits when the scheme has no check digit', () => {
    expect(parseAccountNumber('12345678', { length: 8, checkDigit: 'none' })).toEqual({
      ok: true,
      accountNumber: '12345678',
    });
  });

  it('groups digits for display', () => {
    expect(formatAccountNumber('1000000016')).toBe('1000 0000 16');
  });
});
