import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generatePushSecret,
  PUSH_SECRET_PATTERN,
  pushSignatureDigest,
  signPushBody,
  verifyPushSignature,
} from './push-signature';

const SECRET = 'whsec_test_secret_0123456789';
const BODY = '{"after":"41","cursor":"42","changes":[]}';
const T = 1_796_131_200; // 2026-12-02T00:00:00Z

describe('push signature', () => {
  it('is the hex HMAC-SHA256 of "<t>.<raw body>" under the whole secret (node:crypto by hand)', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(pushSignatureDigest(SECRET, T, BODY)).toBe(expected);
    expect(signPushBody({ secrets: [SECRET], body: BODY, timestamp: T })).toBe(
      `t=${T},v1=${expected}`,
    );
  });

  it('matches a fixed vector (so the documented algorithm cannot drift)', () => {
    // Computed once with node:crypto: createHmac('sha256', SECRET).update(`${T}.${BODY}`).
    expect(pushSignatureDigest(SECRET, T, BODY)).toBe(
      '25ccfd6b4921e4ba22612c937e9cf923e0ca0311d0f60cc7b675a11b2291d41f',
    );
    // The HMAC itself, against the well-known example (key "key", the quick brown fox).
    expect(
      createHmac('sha256', 'key')
        .update('The quick brown fox jumps over the lazy dog')
        .digest('hex'),
    ).toBe('f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });

  it('carries one v1 per secret while a rotated secret is honoured', () => {
    const header = signPushBody({ secrets: ['whsec_new', 'whsec_old'], body: BODY, timestamp: T });
    expect(header.split(',')).toHaveLength(3);
    const now = new Date(T * 1000);
    for (const secret of ['whsec_new', 'whsec_old'])
      expect(verifyPushSignature({ secret, body: BODY, header, now })).toEqual({
        ok: true,
        timestamp: T,
      });
    expect(verifyPushSignature({ secret: 'whsec_other', body: BODY, header, now })).toEqual({
      ok: false,
      problem: 'MISMATCH',
    });
  });

  it.each([
    ['the right secret, on time', SECRET, BODY, 0, { ok: true, timestamp: T }],
    ['the clock 5 minutes ahead', SECRET, BODY, 300, { ok: true, timestamp: T }],
    ['the clock 5 minutes behind', SECRET, BODY, -300, { ok: true, timestamp: T }],
    ['older than 5 minutes', SECRET, BODY, 301, { ok: false, problem: 'OUTSIDE_TOLERANCE' }],
    ['a wrong secret', 'whsec_wrong', BODY, 0, { ok: false, problem: 'MISMATCH' }],
    ['a changed body', SECRET, `${BODY} `, 0, { ok: false, problem: 'MISMATCH' }],
  ])('verifies: %s', (_name, secret, body, skewSeconds, expected) => {
    const header = signPushBody({ secrets: [SECRET], body: BODY, timestamp: T });
    const now = new Date((T + skewSeconds) * 1000);
    expect(verifyPushSignature({ secret, body, header, now })).toEqual(expected);
  });

  it.each([
    ['no header', null],
    ['empty', ''],
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['no signature', `t=${T}`],
    ['a short signature', `t=${T},v1=abc`],
    ['another scheme only', `t=${T},v0=${'a'.repeat(64)}`],
  ])('refuses a malformed header: %s', (_name, header) => {
    expect(
      verifyPushSignature({ secret: SECRET, body: BODY, header, now: new Date(T * 1000) }),
    ).toEqual({ ok: false, problem: 'MALFORMED' });
  });

  it('generates whsec_ secrets of 256 random bits', () => {
    const a = generatePushSecret();
    expect(a).toMatch(PUSH_SECRET_PATTERN);
    expect(generatePushSecret()).not.toBe(a);
  });

  it('refuses to sign with no secret', () => {
    expect(() => signPushBody({ secrets: [], body: BODY, timestamp: T })).toThrow(/secret/);
  });
});
