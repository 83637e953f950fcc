import 'server-only';
import type { PrismaClient } from '../../server/db';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { maskPhone } from '../accounts/mask-phone';
import { AppError } from '../app-error';
import { lockAccountForSignIn, readSignInLock, signInLocked } from './attempt-sign-in';
import { generateOneTimeCode } from './one-time-code';
import { consumeClientCodeSend, storeOneTimeCode } from './store-one-time-code';

export type IssuedSignInCode = { accountNumber: string; maskedPhone: string; expiresAt: Date };

export type SignInCodeMessage = { accountId: number; to: string; body: string; secret: string };

/**
 * Sends a 6-digit sign-in code to the account's mobile phone on file. Stored as a keyed hash,
 * valid for 10 minutes. Throttled per account (1 a minute, 5 an hour, sliding, counted on
 * one_time_code under the account's row lock so concurrent requests cannot both pass) and per
 * client (rate_limit_counter). Not sent while the account's sign-in is locked.
 * Throws NOT_FOUND (no such account, or malformed), INVALID_INPUT {reason: NO_PHONE},
 * RATE_LIMITED {reason: LOCKED | RESEND | CLIENT}.
 */
export async function issueSignInCode(
  db: PrismaClient,
  options: {
    accountNumber: string;
    clientKey: string;
    scheme: AccountNumberScheme;
    key: string;
    composeBody: (code: string) => string;
    send: (message: SignInCodeMessage) => Promise<unknown>;
    now?: Date;
  },
): Promise<IssuedSignInCode> {
  const now = options.now ?? new Date();
  const parsed = parseAccountNumber(options.accountNumber, options.scheme);
  if (!parsed.ok) throw new AppError('NOT_FOUND', 'no such account');
  await consumeClientCodeSend(db, { clientKey: options.clientKey, now });
  const code = generateOneTimeCode();
  const issued = await db.$transaction(async (tx) => {
    const account = await lockAccountForSignIn(tx, parsed.accountNumber);
    if (!account) throw new AppError('NOT_FOUND', 'no such account');
    const phone = await tx.phone.findFirst({
      where: { accountId: account.id, kind: 'MOBILE', callable: true },
      orderBy: [
        { isPrimary: 'desc' },
        { verifiedAt: { sort: 'desc', nulls: 'last' } },
        { id: 'asc' },
      ],
      select: { e164: true },
    });
    if (!phone)
      throw new AppError('INVALID_INPUT', 'no mobile phone on file', {
        field: 'phone',
        problem: 'NO_PHONE',
      });
    // Only this client's own lock: other clients' failures never stop the resident's SMS path.
    const lock = await readSignInLock(tx, {
      accountId: account.id,
      clientKey: options.clientKey,
      method: 'SMS_CODE',
      now,
    });
    if (lock.locked) throw signInLocked(lock.unlocksAt);
    const expiresAt = await storeOneTimeCode(tx, {
      accountId: account.id,
      phoneE164: phone.e164,
      purpose: 'SIGN_IN',
      code,
      key: options.key,
      now,
    });
    return { accountId: account.id, accountNumber: account.number, phone: phone.e164, expiresAt };
  });
  // Sent after the commit: a provider outage must not leave a code the resident cannot receive
  // counted as unsent, and the SMS is never sent for a code that was not stored.
  await options.send({
    accountId: issued.accountId,
    to: issued.phone,
    body: options.composeBody(code),
    secret: code,
  });
  return {
    accountNumber: issued.accountNumber,
    maskedPhone: maskPhone(issued.phone),
    expiresAt: issued.expiresAt,
  };
}
