import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in an SMS pay link (`https://kvp.ua/p/<token>`): which account to pay, until when,
 * signed so that links cannot be forged or walked through account ids.
 *
 * Layout, then base64url without padding:
 *   accountId  unsigned LEB128 varint, minimal: 3 bytes below 2 097 152 (all of Kharkiv)
 *   expiry     hours since the Unix epoch, 3 bytes big-endian (good until the year 3883)
 *   tag        HMAC-SHA256(secret, "kvp-pay-link:v1" ‖ accountId ‖ expiry), first 8 bytes
 * 14 bytes = 19 characters for today's accounts; 22 at most (a 5-byte id of 2^28 or more).
 *
 * Forgery margin: a 64-bit tag is guessed with probability 2^-64 per try. Guesses can only be
 * tried online, against the pay-link endpoint and its lookup rate limit, so even 10^9 tries
 * leave about 5 × 10^-11. The label in the MAC keeps these tags apart from anything else the
 * same secret may sign. Rotating the secret revokes every link at once.
 *
 * The token is a bearer link to pay, not a sign-in: it must never reveal more than an
 * unauthenticated lookup does (DESIGN rule 6).
 */
export type PayLinkTokenProblem = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED';

export type VerifyPayLinkTokenResult =
  | { ok: true; accountId: number; expiresAt: Date }
  | { ok: false; problem: PayLinkTokenProblem };

const MAC_LABEL = 'kvp-pay-link:v1';
const TAG_BYTES = 8;
const EXPIRY_BYTES = 3;
const MAX_EXPIRY_HOURS = 2 ** (8 * EXPIRY_BYTES) - 1;
const MAX_ACCOUNT_ID = 2 ** 31 - 1; // Prisma Int (PostgreSQL integer)
const MAX_VARINT_BYTES = 5;
const HOUR_MS = 3_600_000;
/** Base64url of at most 5 + 3 + 8 bytes; anything longer is not ours. */
const TOKEN_RE = /^[A-Za-z0-9_-]{1,22}$/;

function encodeVarint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

/** A minimal varint at the start of `bytes`, or null if it is cut off, padded or too big. */
function decodeVarint(bytes: Uint8Array): { value: number; length: number } | null {
  let value = 0;
  for (let i = 0; i < Math.min(bytes.length, MAX_VARINT_BYTES); i += 1) {
    const byte = bytes[i] ?? 0;
    value += (byte & 0x7f) * 0x80 ** i;
    if (byte < 0x80) {
      // A last byte of zero (other than a lone 0) would be a second spelling of a shorter id.
      if (i > 0 && byte === 0) return null;
      return { value, length: i + 1 };
    }
  }
  return null;
}

function computeTag(payload: Uint8Array, secret: string): Buffer {
  return createHmac('sha256', secret)
    .update(MAC_LABEL)
    .update(payload)
    .digest()
    .subarray(0, TAG_BYTES);
}

function assertSecret(secret: string): void {
  if (secret === '') throw new Error('the pay-link secret must not be empty');
}

/**
 * A pay-link token for `accountId`, valid until `expiresAt` rounded DOWN to the whole hour (a
 * link never lives longer than asked). Deterministic: the same inputs give the same token.
 */
export function createPayLinkToken(options: {
  accountId: number;
  expiresAt: Date;
  secret: string;
}): string {
  const { accountId, expiresAt, secret } = options;
  assertSecret(secret);
  if (!Number.isSafeInteger(accountId) || accountId < 1 || accountId > MAX_ACCOUNT_ID) {
    throw new RangeError(`not an account id: ${accountId}`);
  }
  const hours = Math.floor(expiresAt.getTime() / HOUR_MS);
  if (!Number.isSafeInteger(hours) || hours < 0 || hours > MAX_EXPIRY_HOURS) {
    throw new RangeError(`expiry out of range: ${expiresAt.getTime()} ms since the epoch`);
  }
  const payload = Buffer.from([
    ...encodeVarint(accountId),
    (hours >>> 16) & 0xff,
    (hours >>> 8) & 0xff,
    hours & 0xff,
  ]);
  return Buffer.concat([payload, computeTag(payload, secret)]).toString('base64url');
}

/**
 * Checks a token from a pay link. The signature is checked (in constant time) before anything
 * read from the token is trusted, and expiry only after it, so an expired answer means a genuine
 * link. Expired when `now` ≥ expiresAt. Only the one canonical spelling of a token is accepted.
 */
export function verifyPayLinkToken(options: {
  token: string;
  now: Date;
  secret: string;
}): VerifyPayLinkTokenResult {
  const { token, now, secret } = options;
  assertSecret(secret);
  if (!TOKEN_RE.test(token)) return { ok: false, problem: 'MALFORMED' };
  const bytes = Buffer.from(token, 'base64url');
  // Base64 has spare bits in its last character; refuse the spellings that are not canonical.
  if (bytes.toString('base64url') !== token) return { ok: false, problem: 'MALFORMED' };

  const id = decodeVarint(bytes);
  if (id === null || bytes.length !== id.length + EXPIRY_BYTES + TAG_BYTES) {
    return { ok: false, problem: 'MALFORMED' };
  }
  const payloadLength = id.length + EXPIRY_BYTES;
  const payload = bytes.subarray(0, payloadLength);
  const tag = bytes.subarray(payloadLength);
  if (!timingSafeEqual(tag, computeTag(payload, secret))) {
    return { ok: false, problem: 'BAD_SIGNATURE' };
  }
  if (id.value < 1 || id.value > MAX_ACCOUNT_ID) return { ok: false, problem: 'MALFORMED' };

  const hours = payload.readUIntBE(id.length, EXPIRY_BYTES);
  const expiresAt = new Date(hours * HOUR_MS);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, problem: 'EXPIRED' };
  return { ok: true, accountId: id.value, expiresAt };
}
