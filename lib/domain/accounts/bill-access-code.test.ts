import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashBillAccessCode, isBillAccessCode, verifyBillAccessCode } from './bill-access-code';

const PEPPER = 'test-pepper';

describe('bill access code hashing', () => {
  it('is HMAC-SHA256 of "number:code" keyed by the pepper, in hex', () => {
    const expected = createHmac('sha256', PEPPER).update('1000000017:12345678').digest('hex');
    expect(hashBillAccessCode('1000000017', '12345678', PEPPER)).toBe(expected);
    expect(hashBillAccessCode('1000000017', '12345678', PEPPER)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the account number, the code and the pepper', () => {
    const base = hashBillAccessCode('1000000017', '12345678', PEPPER);
    expect(hashBillAccessCode('1000000025', '12345678', PEPPER)).not.toBe(base);
    expect(hashBillAccessCode('1000000017', '12345679', PEPPER)).not.toBe(base);
    expect(hashBillAccessCode('1000000017', '12345678', 'other')).not.toBe(base);
  });

  it('refuses an empty pepper', () => {
    expect(() => hashBillAccessCode('1000000017', '12345678', '')).toThrow(/pepper/);
  });

  it('verifies the right code and rejects wrong ones', () => {
    const stored = hashBillAccessCode('1000000017', '12345678', PEPPER);
    expect(verifyBillAccessCode('1000000017', '12345678', stored, PEPPER)).toBe(true);
    expect(verifyBillAccessCode('1000000017', '12345670', stored, PEPPER)).toBe(false);
    expect(verifyBillAccessCode('1000000025', '12345678', stored, PEPPER)).toBe(false);
    expect(verifyBillAccessCode('1000000017', '12345678', stored, 'other')).toBe(false);
  });

  it('rejects a malformed stored hash without throwing', () => {
    expect(verifyBillAccessCode('1000000017', '12345678', 'abc', PEPPER)).toBe(false);
    expect(verifyBillAccessCode('1000000017', '12345678', '', PEPPER)).toBe(false);
  });

  it('recognises 8-digit codes only', () => {
    expect(isBillAccessCode('01234567')).toBe(true);
    expect(isBillAccessCode('1234567')).toBe(false);
    expect(isBillAccessCode('1234567a')).toBe(false);
  });
});
