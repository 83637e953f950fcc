import 'server-only';
import type { PrismaClient } from '../../server/db';
import type { AccountNumberScheme } from '../accounts/account-number';
import { attemptSignIn, type SignInSubject } from './attempt-sign-in';
import {
  hashOneTimeCode,
  normaliseOneTimeCode,
  oneTimeCodeProblem,
  verifyOneTimeCodeHash,
} from './one-time-code';

/**
 * Sign-in with the 6-digit code sent by SMS (issueSignInCode). Only the newest SIGN_IN code of
 * the account counts; each guess at it is counted on the code (5 per code) and, like every
 * attempt, towards the account's lockout. A matching code is consumed: it works once.
 */
export async function signInWithSmsCode(
  db: PrismaClient,
  options: {
    accountNumber: string;
    code: string;
    clientKey: string;
    scheme: AccountNumberScheme;
    /** The key one-time codes are hashed with (the auth secret). */
    key: string;
    now?: Date;
  },
): Promise<SignInSubject> {
  const now = options.now ?? new Date();
  const typed = normaliseOneTimeCode(options.code);
  return attemptSignIn(db, {
    accountNumber: options.accountNumber,
    method: 'SMS_CODE',
    clientKey: options.clientKey,
    scheme: options.scheme,
    now,
    verify: async (tx, account) => {
      const stored = await tx.oneTimeCode.findFirst({
        where: { accountId: account.id, purpose: 'SIGN_IN' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      if (!stored || oneTimeCodeProblem(stored, now) !== null) return false;
      await tx.oneTimeCode.update({
        where: { id: stored.id },
        data: { attempts: { increment: 1 } },
      });
      const matches =
        typed !== null && verifyOneTimeCodeHash(account.id, typed, stored.codeHash, options.key);
      if (matches) {
        await tx.oneTimeCode.update({ where: { id: stored.id }, data: { consumedAt: now } });
      }
      return matches;
    },
    verifyUnknown: () => {
      hashOneTimeCode(0, typed ?? '000000', options.key);
    },
  });
}
