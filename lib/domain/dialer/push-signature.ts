import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The signature of a dialer push (docs/dialer-push.md), in the manner of Stripe's webhooks: the
 * header `Kvartplata-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * While a rotated secret is still honoured the header carries one `v1` per secret; a receiver
 * accepts the request when any of them matches its secret and `t` is within the tolerance.
 */
export const PUSH_SIGNATURE_HEADER = 'Kvartplata-Signature';

/** A receiver refuses a signature whose timestamp is further than this from its clock. */
export const PUSH_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Signing secrets look like `whsec_<43 base64url characters>` (256 random bits). */
export const PUSH_SECRET_PATTERN = /^whsec_[A-Za-z0-9_-]{43}$/;

export function generatePushSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>` under the secret (the whole `whsec_…` string). */
export function pushSignatureDigest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for a body sent at `timestamp` (unix seconds), one `v1` per secret. */
export function signPushBody(options: {
  secrets: readonly string[];
  body: string;
  timestamp: number;
}): string {
  if (options.secrets.length === 0) throw new Error('a push is signed with at least one secret');
  if (!Number.isSafeInteger(options.timestamp) || options.timestamp < 0)
    throw new Error('the timestamp is whole unix seconds');
  return [
    `t=${options.timestamp}`,
    ...options.secrets.map(
      (secret) => `v1=${pushSignatureDigest(secret, options.timestamp, options.body)}`,
    ),
  ].join(',');
}

export type PushSignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; problem: 'MALFORMED' | 'OUTSIDE_TOLERANCE' | 'MISMATCH' };

/**
 * What a receiver does with a push (the reference implementation of docs/dialer-push.md): parse
 * the header, refuse a timestamp more than `toleranceSeconds` from now (a replayed old request),
 * recompute the HMAC over the RAW body bytes as received (never re-serialised JSON) and compare
 * in constant time with every `v1` in the header.
 */
export function verifyPushSignature(options: {
  secret: string;
  body: string;
  header: string | null | undefined;
  now?: Date;
  toleranceSeconds?: number;
}): PushSignatureCheck {
  const tolerance = options.toleranceSeconds ?? PUSH_SIGNATURE_TOLERANCE_SECONDS;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of (options.header ?? '').split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || value === undefined) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0)
    return { ok: false, problem: 'MALFORMED' };
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance)
    return { ok: false, problem: 'OUTSIDE_TOLERANCE' };
  const expected = Buffer.from(pushSignatureDigest(options.secret, timestamp, options.body), 'hex');
  const matches = signatures.some((signature) =>
    timingSafeEqual(expected, Buffer.from(signature, 'hex')),
  );
  return matches ? { ok: true, timestamp } : { ok: false, problem: 'MISMATCH' };
}
