import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME } from '../accounts/account-number';
import { parseRegistryDate } from './parse-registry-date';
import { validateRegistryRow } from './validate-registry-row';

const today = '2026-11-30';
const good = {
  accountNumber: '1111111116',
  amount: '1234,56',
  paidAt: '2026-11-29',
  payer: 'Мельник С. О.',
  reference: 'PB-2026-000001',
};
const check = (changes: Partial<typeof good>) =>
  validateRegistryRow({ ...good, ...changes }, { scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME, today });

describe('parseRegistryDate', () => {
  it.each([
    ['2026-11-30', '2026-11-30'],
    ['30.11.2026', '2026-11-30'],
    [' 01.02.2026 ', '2026-02-01'],
    ['2026-11-30 14:05', '2026-11-30'],
    ['30.11.2026 14:05:09', '2026-11-30'],
    ['2026-11-30T23:59:59', '2026-11-30'],
    ['29.02.2024', '2024-02-29'],
    ['29.02.2026', null], // not a leap year
    ['31.04.2026', null],
    ['2026-13-01', null],
    ['30/11/2026', null],
    ['30.11.26', null],
    ['1.11.2026', null],
    ['1999-12-31', null],
    ['', null],
    ['завтра', null],
  ])('%j → %j', (input, expected) => {
    expect(parseRegistryDate(input)).toBe(expected);
  });
});

describe('validateRegistryRow', () => {
  it('reads a good row: hryvnias with a decimal comma into kopecks, the day, payer, reference', () => {
    expect(check({})).toEqual({
      ok: true,
      row: {
        accountNumber: '1111111116',
        amountKopecks: 123_456,
        paidOn: '2026-11-29',
        payer: 'Мельник С. О.',
        reference: 'PB-2026-000001',
      },
    });
  });

  it.each([
    ['1234.56', 123_456],
    ['1 234,56', 123_456],
    ['300', 30_000],
    ['0,5', 50],
    ['0,01', 1],
    ['100000,00', 10_000_000], // exactly the maximum
  ])('amount %j is %i kopecks', (amount, kopecks) => {
    const result = check({ amount });
    expect(result.ok && result.row.amountKopecks).toBe(kopecks);
  });

  it.each([
    ['0', 'BAD_AMOUNT'],
    ['0,00', 'BAD_AMOUNT'],
    ['-100,00', 'BAD_AMOUNT'],
    ['100000,01', 'BAD_AMOUNT'], // one kopeck above MAX_PAYMENT_KOPECKS
    ['12,345', 'BAD_AMOUNT'],
    ['1.234,56', 'BAD_AMOUNT'],
    ['', 'BAD_AMOUNT'],
    ['сто', 'BAD_AMOUNT'],
  ])('amount %j is refused: %s', (amount, reason) => {
    expect(check({ amount })).toEqual({ ok: false, reason });
  });

  it.each([
    [{ accountNumber: '1111111111' }, 'BAD_CHECK_DIGIT'],
    [{ accountNumber: '12345' }, 'UNKNOWN_ACCOUNT'],
    [{ accountNumber: '' }, 'UNKNOWN_ACCOUNT'],
    [{ accountNumber: 'АБВ1111116' }, 'UNKNOWN_ACCOUNT'],
    [{ paidAt: '01.12.2026' }, 'BAD_DATE'], // tomorrow in Kyiv
    [{ paidAt: '31.02.2026' }, 'BAD_DATE'],
    [{ paidAt: '' }, 'BAD_DATE'],
    [{ reference: '' }, 'MISSING_REFERENCE'],
    [{ reference: '   ' }, 'MISSING_REFERENCE'],
    // The first problem in column order decides.
    [{ accountNumber: '1111111111', amount: '-1', reference: '' }, 'BAD_CHECK_DIGIT'],
    [{ amount: '0', paidAt: 'x' }, 'BAD_AMOUNT'],
  ])('%j is refused: %s', (changes, reason) => {
    expect(check(changes)).toEqual({ ok: false, reason });
  });

  it('accepts an account number with spaces, today as the day paid, and no payer', () => {
    const result = check({ accountNumber: '1111 1111 16', paidAt: '30.11.2026', payer: ' ' });
    expect(result).toMatchObject({
      ok: true,
      row: { accountNumber: '1111111116', paidOn: '2026-11-30', payer: null },
    });
  });
});
