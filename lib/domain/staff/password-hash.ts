import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Staff passwords: scrypt with a random 16-byte salt, stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash in base64url). The parameters travel with the hash
 * so they can be raised later without invalidating existing hashes.
 */
export type ScryptParams = { N: number; r: number; p: number };

/** N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per hash on a modest server. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 32768, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  params: ScryptParams,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 × N × r bytes; allow that with headroom.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  if (password.length === 0) throw new Error('a password must not be empty');
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, KEY_LENGTH, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

type ParsedHash = { params: ScryptParams; salt: Buffer; key: Buffer };

const POSITIVE_INT = /^[1-9][0-9]{0,9}$/;

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6) return null;
  const [scheme, n, r, p, salt, key] = parts;
  if (scheme !== 'scrypt' || n === undefined || r === undefined || p === undefined) return null;
  if (!POSITIVE_INT.test(n) || !POSITIVE_INT.test(r) || !POSITIVE_INT.test(p)) return null;
  if (salt === undefined || key === undefined || salt === '' || key === '') return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // N must be a power of two; refuse absurd parameters from a corrupted row.
  if ((params.N & (params.N - 1)) !== 0 || params.N > 2 ** 20 || params.r > 32 || params.p > 16)
    return null;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}
