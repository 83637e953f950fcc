import { createHash } from 'node:crypto';

/**
 * Dialer API keys are long random strings, so a fast unkeyed SHA-256 is enough: nobody can
 * brute-force a key of that entropy from its hash. Only the hash and a short prefix (shown to
 * admins and used to find the row) are stored.
 */
export const API_KEY_PREFIX_LENGTH = 12;

/** SHA-256 of the key, 64 lowercase hex digits. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The first 12 characters of the key. */
export function apiKeyPrefix(key: string): string {
  if (key.length <= API_KEY_PREFIX_LENGTH)
    throw new Error(`an API key must be longer than ${API_KEY_PREFIX_LENGTH} characters`);
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}
