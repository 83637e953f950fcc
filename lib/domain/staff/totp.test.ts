import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box';
import { acceptTotp, newTotpSecret, totpCodeAt, totpUri } from './totp';

// RFC 6238 appendix B: the SHA-1 test secret "12345678901234567890" (base32 below).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 SHA-1 vectors (last six digits)', () => {
    expect(totpCodeAt(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCodeAt(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCodeAt(RFC_SECRET, new Date(2_000_000_000_000))).toBe('279037');
  });

  it('accepts a code one step either side, returns its step, and never the same step twice', () => {
    const now = new Date(1_111_111_109_000); // step 37037036
    const code = totpCodeAt(RFC_SECRET, now);
    expect(acceptTotp(RFC_SECRET, code, now, null)).toBe(37037036);
    expect(acceptTotp(RFC_SECRET, code, new Date(now.getTime() + 30_000), null)).toBe(37037036);
    expect(acceptTotp(RFC_SECRET, code, new Date(now.getTime() + 90_000), null)).toBeNull();
    expect(acceptTotp(RFC_SECRET, code, now, 37037036)).toBeNull();
    expect(acceptTotp(RFC_SECRET, ` ${code.slice(0, 3)} ${code.slice(3)} `, now, null)).toBe(
      37037036,
    );
    expect(acceptTotp(RFC_SECRET, '12345', now, null)).toBeNull();
    expect(acceptTotp(RFC_SECRET, 'abcdef', now, null)).toBeNull();
  });

  it('makes fresh secrets and an otpauth URI an authenticator app reads', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, 'support@kvartplata.example');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Kvartplata:support%40kvartplata\.example\?/);
    expect(uri).toContain(`secret=${secret}`);
  });
});

describe('secret box', () => {
  it('round-trips, hides the plaintext, and refuses a wrong key or a tampered value', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', 'key-one-0123456789');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, 'key-one-0123456789')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(sealed, 'key-two-0123456789')).toThrow();
    const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const tampered = [version, iv, tag, flipped.toString('base64url')].join('.');
    expect(() => openSecret(tampered, 'key-one-0123456789')).toThrow();
  });
});
