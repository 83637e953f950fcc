import { describe, expect, it } from 'vitest';
import { createPayLinkToken, verifyPayLinkToken } from './pay-link-token';

const SECRET = 'test-pay-link-secret-0123456789abcdef';
// 2026-12-27 is day 20 814 since the epoch: 20 814 × 24 + 10 = 499 546 h = 0x07 9F 5A.
const EXPIRES_AT = new Date('2026-12-27T10:00:00Z');
const EXPIRY_BYTES = [0x07, 0x9f, 0x5a];
const BEFORE = new Date('2026-11-27T12:00:00Z');

const create = (accountId: number, expiresAt = EXPIRES_AT, secret = SECRET) =>
  createPayLinkToken({ accountId, expiresAt, secret });
const verify = (token: string, now = BEFORE, secret = SECRET) =>
  verifyPayLinkToken({ token, now, secret });

/** Flips the lowest bit of byte `index` and re-encodes canonically. */
function tamper(token: string, index: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes spelled with a spare (ignored) low bit of the last character set. */
function withSpareBitSet(token: string): string {
  const last = BASE64URL.indexOf(token.slice(-1));
  return `${token.slice(0, -1)}${BASE64URL.charAt(last | 0x01)}`;
}

describe('pay-link token layout', () => {
  const cases: Array<[accountId: number, idBytes: number[], length: number]> = [
    [1, [0x01], 16], // 12 bytes
    [127, [0x7f], 16],
    [128, [0x80, 0x01], 18], // 13 bytes
    [16_383, [0xff, 0x7f], 18],
    [16_384, [0x80, 0x80, 0x01], 19], // 14 bytes
    // 600 000 = 36 × 128² + 79 × 128 + 64 → 0x40|0x80, 0x4F|0x80, 0x24.
    [600_000, [0xc0, 0xcf, 0x24], 19],
    [2 ** 31 - 1, [0xff, 0xff, 0xff, 0xff, 0x07], 22], // 16 bytes: the longest token
  ];

  it.each(cases)('account %i', (accountId, idBytes, length) => {
    const token = create(accountId);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(length);
    const bytes = [...Buffer.from(token, 'base64url')];
    expect(bytes.slice(0, idBytes.length + 3)).toEqual([...idBytes, ...EXPIRY_BYTES]);
    expect(bytes).toHaveLength(idBytes.length + 3 + 8);
    expect(verify(token)).toEqual({ ok: true, accountId, expiresAt: EXPIRES_AT });
  });

  it('rounds the expiry down to the whole hour', () => {
    const token = create(42, new Date('2026-12-27T10:59:59.999Z'));
    expect(verify(token)).toEqual({ ok: true, accountId: 42, expiresAt: EXPIRES_AT });
  });

  it('is deterministic and differs per account, expiry and secret', () => {
    expect(create(600_000)).toBe(create(600_000));
    expect(create(600_001)).not.toBe(create(600_000));
    expect(create(600_000, new Date('2026-12-27T11:00:00Z'))).not.toBe(create(600_000));
    expect(create(600_000, EXPIRES_AT, 'another-secret')).not.toBe(create(600_000));
  });
});

describe('verifyPayLinkToken', () => {
  const token = create(600_000); // 14 bytes: id 0–2, expiry 3–5, tag 6–13

  it.each(Array.from({ length: 14 }, (_, i) => i))('a flipped bit in byte %i is refused', (i) => {
    expect(verify(tamper(token, i))).toEqual({ ok: false, problem: 'BAD_SIGNATURE' });
  });

  it('refuses a second spelling of the same bytes', () => {
    const twin = withSpareBitSet(token);
    expect(twin).not.toBe(token);
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
    expect(verify(twin)).toEqual({ ok: false, problem: 'MALFORMED' });
  });

  it('refuses a token signed with another secret', () => {
    expect(verify(token, BEFORE, 'another-secret')).toEqual({
      ok: false,
      problem: 'BAD_SIGNATURE',
    });
    // Even when also expired: the signature is judged first.
    expect(verify(token, EXPIRES_AT, 'another-secret')).toEqual({
      ok: false,
      problem: 'BAD_SIGNATURE',
    });
  });

  it.each([
    ['1 ms before expiry', new Date(EXPIRES_AT.getTime() - 1), true],
    ['at expiry', EXPIRES_AT, false],
    ['a year later', new Date('2027-12-27T10:00:00Z'), false],
  ])('%s', (_name, now, valid) => {
    expect(verify(token, now)).toEqual(
      valid
        ? { ok: true, accountId: 600_000, expiresAt: EXPIRES_AT }
        : { ok: false, problem: 'EXPIRED' },
    );
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc'],
    ['not base64url', 'AAAA+AAA/AAAAAAAAAAA'],
    ['padding', `${token}=`],
    ['too long', 'A'.repeat(23)],
    ['spaces', ` ${token}`],
    ['truncated', token.slice(0, -1)],
    [
      'one byte extra',
      Buffer.concat([Buffer.from(token, 'base64url'), Buffer.from([0])]).toString('base64url'),
    ],
    // 19 characters carry 114 bits for 112: a changed spare bit is a second spelling.
    ['non-canonical last character', withSpareBitSet(token)],
    // A varint whose continuation never ends within 5 bytes.
    ['unterminated id', Buffer.alloc(16, 0xff).toString('base64url')],
    // Id 1 spelled in two bytes (0x81 0x00) instead of one.
    [
      'padded id',
      Buffer.from([0x81, 0x00, ...EXPIRY_BYTES, ...Array(8).fill(0)]).toString('base64url'),
    ],
  ])('refuses %s as MALFORMED', (_name, garbage) => {
    expect(verify(garbage)).toEqual({ ok: false, problem: 'MALFORMED' });
  });

  it.each([
    [{ accountId: 0, expiresAt: EXPIRES_AT, secret: SECRET }],
    [{ accountId: -1, expiresAt: EXPIRES_AT, secret: SECRET }],
    [{ accountId: 1.5, expiresAt: EXPIRES_AT, secret: SECRET }],
    [{ accountId: 2 ** 31, expiresAt: EXPIRES_AT, secret: SECRET }],
    [{ accountId: 1, expiresAt: new Date(-1), secret: SECRET }],
    [{ accountId: 1, expiresAt: new Date(Number.NaN), secret: SECRET }],
    [{ accountId: 1, expiresAt: new Date('4000-01-01T00:00:00Z'), secret: SECRET }],
  ])('create refuses %j', (options) => {
    expect(() => createPayLinkToken(options)).toThrow(RangeError);
  });

  it('needs a secret', () => {
    expect(() => create(1, EXPIRES_AT, '')).toThrow(/secret/);
    expect(() => verify(token, BEFORE, '')).toThrow(/secret/);
  });
});
