import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { OneTimeCodePurpose } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';
import { consumeRateLimit } from '../rate-limit/consume-rate-limit';
import { hashOneTimeCode, oneTimeCodeExpiry } from './one-time-code';
import { SIGN_IN_POLICY } from './policy';

/**
 * The shared rules of every one-time code the portal sends (sign-in, SMS opt-in): a client
 * may ask for 10 an hour (counted in PostgreSQL, shared by all instances), an account gets at
 * most 1 a minute and 5 an hour per purpose, and only the code's keyed hash is stored.
 */
export async function consumeClientCodeSend(
  db: PrismaClient,
  options: { clientKey: string; now: Date },
): Promise<void> {
  const client = await consumeRateLimit(db, {
    key: `otp-send:client:${options.clientKey}`,
    limit: SIGN_IN_POLICY.clientCodeSendsPerHour,
    windowSeconds: 3600,
    now: options.now,
  });
  if (!client.allowed) {
    throw new AppError('RATE_LIMITED', 'too many codes requested from this client', {
      reason: 'CLIENT',
      retryAfterSeconds: client.retryAfterSeconds,
    });
  }
}

/**
 * Stores a new code for the account (call under the account's row lock, so that concurrent
 * requests cannot both pass the resend limits). Throws RATE_LIMITED {RESEND} when one was sent
 * moments ago. Returns when it expires.
 */
export async function storeOneTimeCode(
  tx: Tx,
  options: {
    accountId: number;
    phoneE164: string;
    purpose: OneTimeCodePurpose;
    code: string;
    key: string;
    now: Date;
  },
): Promise<Date> {
  const { now } = options;
  const recent = await tx.oneTimeCode.findMany({
    where: {
      accountId: options.accountId,
      purpose: options.purpose,
      createdAt: { gt: new Date(now.getTime() - 3600_000) },
    },
    select: { createdAt: true },
  });
  const retryAfter = resendRetryAfterSeconds(
    recent.map((row) => row.createdAt),
    now,
  );
  if (retryAfter > 0) {
    throw new AppError('RATE_LIMITED', 'a code was sent recently', {
      reason: 'RESEND',
      retryAfterSeconds: retryAfter,
    });
  }
  const expiresAt = oneTimeCodeExpiry(now);
  await tx.oneTimeCode.create({
    data: {
      accountId: options.accountId,
      phoneE164: options.phoneE164,
      purpose: options.purpose,
      codeHash: hashOneTimeCode(options.accountId, options.code, options.key),
      expiresAt,
      createdAt: now,
    },
  });
  return expiresAt;
}

/**
 * Seconds until another code may be sent, given the send times of the last hour: at most
 * `codeSendsPerMinute` in any 60 s and `codeSendsPerHour` in any hour (sliding windows).
 */
export function resendRetryAfterSeconds(
  sentAt: readonly Date[],
  now: Date,
  rules: { perMinute: number; perHour: number } = {
    perMinute: SIGN_IN_POLICY.codeSendsPerMinute,
    perHour: SIGN_IN_POLICY.codeSendsPerHour,
  },
): number {
  const times = sentAt.map((d) => d.getTime()).sort((a, b) => a - b);
  const waitFor = (windowMs: number, limit: number): number => {
    const inWindow = times.filter((t) => t > now.getTime() - windowMs);
    if (inWindow.length < limit) return 0;
    const oldestThatMustExpire = inWindow[inWindow.length - limit] ?? now.getTime();
    return Math.ceil((oldestThatMustExpire + windowMs - now.getTime()) / 1000);
  };
  return Math.max(waitFor(60_000, rules.perMinute), waitFor(3600_000, rules.perHour));
}
