import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (staff TOTP secrets): AES-256-GCM with a key derived from a configured secret,
 * stored as `v1.<iv>.<tag>.<ciphertext>` (base64url). A database dump alone does not reveal the
 * second factors; a tampered value fails to open.
 */
/** The development key (published: refused in production, lib/server/env.ts). */
export const DEV_STAFF_TOTP_KEY = 'dev-only-staff-totp-key-do-not-use-in-production-0';

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`kvartplata/staff-totp/v1\0${secret}`).digest();
}

export function sealSecret(plaintext: string, keySecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(keySecret), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(sealed: string, keySecret: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(keySecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
