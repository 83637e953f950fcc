import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { decodeSignInFailure, encodeSignInFailure, signInFailureOf } from './sign-in-failure';

const unlocksAt = new Date('2026-11-30T10:15:00Z');

describe('sign-in failures as values', () => {
  it.each([
    [
      new AppError('RATE_LIMITED', 'x', { reason: 'LOCKED', unlocksAt }),
      { kind: 'locked', unlocksAt },
    ],
    [
      new AppError('RATE_LIMITED', 'x', { reason: 'CLIENT', retryAfterSeconds: 90 }),
      { kind: 'rate_limited', retryAfterSeconds: 90 },
    ],
    [
      new AppError('RATE_LIMITED', 'x', { reason: 'RESEND', retryAfterSeconds: 30 }),
      { kind: 'resend', retryAfterSeconds: 30 },
    ],
    [
      new AppError('INVALID_INPUT', 'x', { field: 'phone', problem: 'NO_PHONE' }),
      { kind: 'no_phone' },
    ],
    [new AppError('UNAUTHORIZED', 'x', { reason: 'INVALID' }), { kind: 'invalid' }],
    [
      new AppError('UNAUTHORIZED', 'x', { reason: 'INVALID', remainingAttempts: 3 }),
      { kind: 'invalid', remainingAttempts: 3 },
    ],
  ] as const)('%s → %o, and survives the string next-auth carries', (error, failure) => {
    expect(signInFailureOf(error)).toEqual(failure);
    expect(decodeSignInFailure(encodeSignInFailure(failure))).toEqual(failure);
  });

  it('is null for an error that is not an expected failure', () => {
    expect(signInFailureOf(new Error('database down'))).toBeNull();
  });

  it.each([
    '',
    'locked:not-a-date',
    'rate_limited:-5',
    'rate_limited:abc',
    'whatever',
    'invalid:abc',
    'invalid:-1',
    'invalid:999',
  ])('decodes a tampered or unknown code %j as invalid', (code) => {
    expect(decodeSignInFailure(code)).toEqual({ kind: 'invalid' });
  });
});
