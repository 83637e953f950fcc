import { AppError } from '../app-error';

/**
 * The numbers of the dialer push (docs/dialer-push.md) and the two rules that are pure
 * functions: where an endpoint may point, and how long to wait after a failure.
 */
export const PUSH_POLICY = {
  /** Events per POST, oldest first. */
  batchSize: 100,
  /** A POST with no complete answer within this is a failure (a timeout). */
  timeoutMs: 10_000,
  /** A delivery holds its endpoint this long (more than the timeout): no second worker posts. */
  leaseMs: 60_000,
  /** A scheduled run (every minute) keeps delivering what is new for this long, then ends. */
  runMs: 50_000,
  /** Within a run: how often to look for new events when there were none. */
  idlePollMs: 1_000,
  /** Backoff after the n-th consecutive failure: base × 2^(n−1), at most the cap. */
  backoffBaseMs: 10_000,
  backoffCapMs: 60 * 60_000,
  /** After a rotation the previous secret still signs (a second `v1`) for this long. */
  previousSecretGraceMs: 24 * 60 * 60_000,
  /** Endpoints at most (enabled or not): each one is polled by every run. */
  maxEndpoints: 5,
  /** Attempts kept in the delivery log. */
  attemptRetentionMs: 7 * 24 * 60 * 60_000,
  /** Characters of a failure (an error or the receiver's answer) kept in the log. */
  errorChars: 300,
} as const;

/** How long to wait after `consecutiveFailures` failures in a row (1 → 10 s, 2 → 20 s, … 1 h). */
export function pushRetryDelayMs(consecutiveFailures: number): number {
  if (!Number.isSafeInteger(consecutiveFailures) || consecutiveFailures < 1) return 0;
  const exponent = Math.min(consecutiveFailures - 1, 30);
  return Math.min(PUSH_POLICY.backoffBaseMs * 2 ** exponent, PUSH_POLICY.backoffCapMs);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const MAX_URL_LENGTH = 2_000;

/**
 * The endpoint's URL, normalised, or INVALID_INPUT: https only, except plain http to this
 * machine (localhost, 127.0.0.1, [::1]) when `allowLoopbackHttp` (outside production, for a
 * local dialer or a test receiver). No user:password in the URL (it would be stored and shown in
 * clear: the signature is the authentication) and no #fragment.
 */
export function parsePushUrl(raw: string, options: { allowLoopbackHttp: boolean }): string {
  const value = raw.trim();
  if (value === '' || value.length > MAX_URL_LENGTH)
    throw new AppError('INVALID_INPUT', 'the endpoint URL is empty or too long');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('INVALID_INPUT', 'the endpoint URL is not a URL');
  }
  if (url.protocol === 'http:') {
    if (!options.allowLoopbackHttp || !LOOPBACK_HOSTS.has(url.hostname))
      throw new AppError(
        'INVALID_INPUT',
        options.allowLoopbackHttp
          ? 'the endpoint must use https (plain http only to localhost or 127.0.0.1)'
          : 'the endpoint must use https',
      );
  } else if (url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', 'the endpoint must use https');
  }
  if (!options.allowLoopbackHttp && isInternalHost(url.hostname)) {
    throw new AppError(
      'INVALID_INPUT',
      'the endpoint must be a public address, not this machine or a private network',
    );
  }
  if (url.username !== '' || url.password !== '')
    throw new AppError('INVALID_INPUT', 'the endpoint URL must not contain a user or password');
  if (url.hash !== '') throw new AppError('INVALID_INPUT', 'the endpoint URL must not have a #');
  return url.toString();
}

/**
 * A host the worker must not be pointed at in production (the push would let a console account
 * make requests inside the utility's network): localhost, and IP literals of loopback, private,
 * link-local, carrier-grade NAT and unspecified ranges, IPv4 or IPv6. Names that resolve to such
 * addresses are not caught here (that needs the resolver at delivery time); the endpoint is an
 * ADMIN's decision, audited.
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (host.includes(':')) {
    if (host === '::' || host === '::1') return true;
    // An IPv4-mapped address (the URL parser writes ::ffff:10.0.0.1 as ::ffff:a00:1).
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped?.[1] && mapped[2]) {
      const [high, low] = [Number.parseInt(mapped[1], 16), Number.parseInt(mapped[2], 16)];
      return isInternalHost(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
    }
    return /^(fc|fd|fe[89ab])/.test(host);
  }
  return false;
}
