import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { SIGN_IN_POLICY } from './policy';

export const ONE_TIME_CODE_RE = /^[0-9]{6}$/;

/** A uniformly random 6-digit code (leading zeros kept). */
export function generateOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Accepts what a resident types ("123 456", "123-456") and returns the 6 digits, or null. */
export function normaliseOneTimeCode(input: string): string | null {
  const compact = input.replace(/[\s\-.]/g, '');
  return ONE_TIME_CODE_RE.test(compact) ? compact : null;
}

/**
 * HMAC-SHA256(key, `otp:<accountId>:<code>`): a 6-digit code has only 10^6 values, so a plain
 * hash would be reversed instantly from a stolen table; the server-side key prevents that.
 */
export function hashOneTimeCode(accountId: number, code: string, key: string): string {
  if (key === '') throw new Error('the one-time code key must not be empty');
  return createHmac('sha256', key).update(`otp:${accountId}:${code}`).digest('hex');
}

export function verifyOneTimeCodeHash(
  accountId: number,
  code: string,
  storedHash: string,
  key: string,
): boolean {
  const expected = Buffer.from(hashOneTimeCode(accountId, code, key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  if (stored.length !== expected.length) return false;
  return timingSafeEqual(expected, stored);
}

export function oneTimeCodeExpiry(
  issuedAt: Date,
  ttlMinutes = SIGN_IN_POLICY.codeTtlMinutes,
): Date {
  return new Date(issuedAt.getTime() + ttlMinutes * 60_000);
}

export type OneTimeCodeState = { expiresAt: Date; attempts: number; consumedAt: Date | null };

export type OneTimeCodeProblem = 'EXPIRED' | 'USED' | 'TOO_MANY_ATTEMPTS';

/** Why a stored code can no longer be tried at `now`, or null when it can. */
export function oneTimeCodeProblem(
  state: OneTimeCodeState,
  now: Date,
  maxAttempts = SIGN_IN_POLICY.codeMaxAttempts,
): OneTimeCodeProblem | null {
  if (state.consumedAt) return 'USED';
  if (now.getTime() >= state.expiresAt.getTime()) return 'EXPIRED';
  if (state.attempts >= maxAttempts) return 'TOO_MANY_ATTEMPTS';
  return null;
}
