import 'server-only';
import type { PrismaClient } from '../../server/db';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { maskPhone } from '../accounts/mask-phone';
import type { IssuedSignInCode } from './issue-sign-in-code';

/**
 * The code a resident is about to type, for the "enter the code" page: the masked phone it
 * went to and when it expires, or null when the account has no live sign-in code.
 */
export async function getPendingSignInCode(
  db: PrismaClient,
  options: { accountNumber: string; scheme: AccountNumberScheme; now?: Date },
): Promise<IssuedSignInCode | null> {
  const now = options.now ?? new Date();
  const parsed = parseAccountNumber(options.accountNumber, options.scheme);
  if (!parsed.ok) return null;
  const row = await db.oneTimeCode.findFirst({
    where: { account: { number: parsed.accountNumber }, purpose: 'SIGN_IN' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { phoneE164: true, expiresAt: true, consumedAt: true },
  });
  if (!row || row.consumedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  return {
    accountNumber: parsed.accountNumber,
    maskedPhone: maskPhone(row.phoneE164),
    expiresAt: row.expiresAt,
  };
}
