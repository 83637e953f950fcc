import { describe, expect, it } from 'vitest';
import {
  generateOneTimeCode,
  hashOneTimeCode,
  normaliseOneTimeCode,
  oneTimeCodeExpiry,
  oneTimeCodeProblem,
  verifyOneTimeCodeHash,
} from './one-time-code';
import { resendRetryAfterSeconds } from './store-one-time-code';

const KEY = 'test-key';

describe('one-time codes', () => {
  it('are six digits, leading zeros kept', () => {
    for (let i = 0; i < 200; i++) expect(generateOneTimeCode()).toMatch(/^[0-9]{6}$/);
  });

  it('are stored as a keyed hash bound to the account', () => {
    const hash = hashOneTimeCode(42, '012345', KEY);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('012345');
    expect(verifyOneTimeCodeHash(42, '012345', hash, KEY)).toBe(true);
    expect(verifyOneTimeCodeHash(42, '012346', hash, KEY)).toBe(false);
    expect(verifyOneTimeCodeHash(43, '012345', hash, KEY)).toBe(false);
    expect(verifyOneTimeCodeHash(42, '012345', hash, 'other-key')).toBe(false);
    expect(verifyOneTimeCodeHash(42, '012345', 'not-hex', KEY)).toBe(false);
    expect(() => hashOneTimeCode(42, '012345', '')).toThrow(/key/);
  });

  it('accept spaces and dashes as typed, nothing else', () => {
    expect(normaliseOneTimeCode(' 123 456 ')).toBe('123456');
    expect(normaliseOneTimeCode('123-456')).toBe('123456');
    expect(normaliseOneTimeCode('12345')).toBeNull();
    expect(normaliseOneTimeCode('12345a')).toBeNull();
  });

  it('expire 10 minutes after issue and allow 5 attempts', () => {
    const issued = new Date('2026-11-27T10:00:00Z');
    const expiresAt = oneTimeCodeExpiry(issued);
    expect(expiresAt.toISOString()).toBe('2026-11-27T10:10:00.000Z');
    const state = { expiresAt, attempts: 0, consumedAt: null };
    expect(oneTimeCodeProblem(state, new Date('2026-11-27T10:09:59Z'))).toBeNull();
    expect(oneTimeCodeProblem(state, expiresAt)).toBe('EXPIRED');
    expect(oneTimeCodeProblem({ ...state, attempts: 4 }, issued)).toBeNull();
    expect(oneTimeCodeProblem({ ...state, attempts: 5 }, issued)).toBe('TOO_MANY_ATTEMPTS');
    expect(oneTimeCodeProblem({ ...state, consumedAt: issued }, issued)).toBe('USED');
  });
});

describe('resendRetryAfterSeconds (1 a minute, 5 an hour)', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  it.each([
    { sent: [], wait: 0 },
    { sent: [20], wait: 40 },
    { sent: [60], wait: 0 },
    { sent: [3000, 2400, 1800, 1200], wait: 0 },
    { sent: [3000, 2400, 1800, 1200, 600], wait: 600 },
    { sent: [3599, 2400, 1800, 1200, 600], wait: 1 },
  ])('sent $sent s ago → wait $wait s', ({ sent, wait }) => {
    expect(resendRetryAfterSeconds(sent.map(ago), now)).toBe(wait);
  });
});
