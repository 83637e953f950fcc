import 'server-only';
import type { PrismaClient } from '../../server/db';
import type { AccountNumberScheme } from '../accounts/account-number';
import {
  hashBillAccessCode,
  isBillAccessCode,
  verifyBillAccessCode,
} from '../accounts/bill-access-code';
import { attemptSignIn, type SignInSubject } from './attempt-sign-in';

/**
 * Sign-in with the account number and the 8-digit code printed on the paper bill. Every
 * attempt is counted (see attemptSignIn); wrong, malformed and unknown all answer the same.
 */
export async function signInWithBillCode(
  db: PrismaClient,
  options: {
    accountNumber: string;
    code: string;
    clientKey: string;
    scheme: AccountNumberScheme;
    pepper: string;
    now?: Date;
  },
): Promise<SignInSubject> {
  const code = options.code.replace(/[\s-]/g, '');
  const wellFormed = isBillAccessCode(code);
  return attemptSignIn(db, {
    accountNumber: options.accountNumber,
    method: 'BILL_CODE',
    clientKey: options.clientKey,
    scheme: options.scheme,
    now: options.now,
    verify: async (_tx, account) => {
      const matches = verifyBillAccessCode(
        account.number,
        wellFormed ? code : '00000000',
        account.billAccessCodeHash,
        options.pepper,
      );
      return wellFormed && matches;
    },
    verifyUnknown: () => {
      hashBillAccessCode(options.accountNumber, '00000000', options.pepper);
    },
  });
}
