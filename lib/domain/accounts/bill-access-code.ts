import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The bill access code: an 8-digit secret printed on each paper bill, with which a resident
 * signs in to the account (DESIGN rule 6). Only a keyed hash is stored.
 *
 * Why HMAC-SHA256 with a server-side pepper and not a slow password hash: an 8-digit code has
 * only 10^8 values, so even a deliberately slow hash (scrypt, argon2) could be brute-forced
 * offline for any single account, and hashing 600k accounts slowly would make seeding and bulk
 * imports impractical. What protects the codes is the pepper (env BILL_CODE_PEPPER; dev default
 * `dev-only-bill-code-pepper`): without that key a stolen table of hashes is useless. Online
 * guessing through the sign-in form is bounded by rate limits and account lockouts.
 * The account number is part of the message so equal codes on two accounts hash differently.
 */
export const DEV_BILL_CODE_PEPPER = 'dev-only-bill-code-pepper';

export const BILL_ACCESS_CODE_RE = /^[0-9]{8}$/;

export function isBillAccessCode(value: string): boolean {
  return BILL_ACCESS_CODE_RE.test(value);
}

/** HMAC-SHA256(pepper, `${accountNumber}:${code}`) as 64 lowercase hex digits. */
export function hashBillAccessCode(accountNumber: string, code: string, pepper: string): string {
  if (pepper === '') throw new Error('the bill access code pepper must not be empty');
  return createHmac('sha256', pepper).update(`${accountNumber}:${code}`).digest('hex');
}

/** Constant-time comparison of a typed code against the stored hash. */
export function verifyBillAccessCode(
  accountNumber: string,
  code: string,
  storedHash: string,
  pepper: string,
): boolean {
  const expected = Buffer.from(hashBillAccessCode(accountNumber, code, pepper), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // A malformed stored hash decodes to a different length: never equal, and timingSafeEqual
  // would throw on unequal lengths.
  if (stored.length !== expected.length) return false;
  return timingSafeEqual(expected, stored);
}
