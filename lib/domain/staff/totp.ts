import { Secret, TOTP } from 'otpauth';

/**
 * The staff second factor: RFC 6238 TOTP (SHA-1, 6 digits, 30-second steps: what every
 * authenticator app reads from an `otpauth://` QR code), via the otpauth library. A code is
 * accepted one step either side of now (clock drift) and never twice: the caller stores the
 * step it was accepted for and passes it back as `lastStep`.
 */
export const TOTP_ISSUER = 'Kvartplata';
const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label = 'staff'): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
  });
}

/** The `otpauth://totp/...` URI an authenticator app scans. */
export function totpUri(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** The code for an instant (tests and the demo helper). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}

/**
 * The time step the code belongs to when it is valid at `now` (±1 step) and later than
 * `lastStep`; null otherwise.
 */
export function acceptTotp(
  secretBase32: string,
  code: string,
  now: Date,
  lastStep: number | null,
): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
