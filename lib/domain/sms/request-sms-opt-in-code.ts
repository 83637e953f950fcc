import 'server-only';
import type { PrismaClient } from '../../server/db';
import { maskPhone } from '../accounts/mask-phone';
import { AppError } from '../app-error';
import { generateOneTimeCode } from '../auth/one-time-code';
import { consumeClientCodeSend, storeOneTimeCode } from '../auth/store-one-time-code';
import { normaliseUkrainianMobile } from '../phones/normalise-mobile-phone';

export type SmsOptInCodeMessage = { accountId: number; to: string; body: string; secret: string };

export type IssuedSmsOptInCode = {
  maskedPhone: string;
  expiresAt: Date;
  /** Other accounts that already get SMS at this number (a family paying several flats). */
  sharedWithAccounts: number;
};

/**
 * Step 1 of choosing SMS instead of calls (DESIGN rule 4): the resident of `accountId` (already
 * signed in) names a Ukrainian mobile number; a 6-digit code goes to it, valid 10 minutes, 5
 * guesses. Limits as for sign-in codes, counted per account in PostgreSQL under the account's
 * row lock, and per client. Nothing about the account changes until the code is confirmed.
 * Throws INVALID_INPUT {field: phone}, RATE_LIMITED {RESEND | CLIENT}.
 */
export async function requestSmsOptInCode(
  db: PrismaClient,
  options: {
    accountId: number;
    phone: string;
    clientKey: string;
    /** The key one-time codes are hashed with (the auth secret). */
    key: string;
    composeBody: (code: string) => string;
    send: (message: SmsOptInCodeMessage) => Promise<unknown>;
    now?: Date;
  },
): Promise<IssuedSmsOptInCode> {
  const now = options.now ?? new Date();
  const phone = normaliseUkrainianMobile(options.phone);
  if (!phone.ok) {
    throw new AppError('INVALID_INPUT', 'not a Ukrainian mobile number', {
      field: 'phone',
      problem: phone.problem,
    });
  }
  await consumeClientCodeSend(db, { clientKey: options.clientKey, now });
  const code = generateOneTimeCode();
  const issued = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT id FROM account WHERE id = $1 FOR UPDATE', options.accountId);
    const expiresAt = await storeOneTimeCode(tx, {
      accountId: options.accountId,
      phoneE164: phone.e164,
      purpose: 'SMS_OPT_IN',
      code,
      key: options.key,
      now,
    });
    const sharedWithAccounts = await tx.account.count({
      where: { smsPhoneE164: phone.e164, contactPreference: 'SMS', id: { not: options.accountId } },
    });
    return { expiresAt, sharedWithAccounts };
  });
  // After the commit: never an SMS for a code that was not stored.
  await options.send({
    accountId: options.accountId,
    to: phone.e164,
    body: options.composeBody(code),
    secret: code,
  });
  return { maskedPhone: maskPhone(phone.e164), ...issued };
}
