import 'server-only';
import type { PrismaClient } from '../../server/db';
import { verifyPayLinkToken } from './pay-link-token';

export type OpenedPayLink =
  | { ok: true; accountNumber: string }
  | { ok: false; problem: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

/**
 * Opens a reminder's pay link (DESIGN rule 6): a valid token names the account whose pay page
 * to show — the page shows only what the public look-up shows. Valid until it expires, however
 * often it is opened; a tampered, malformed or expired token names nothing.
 */
export async function openPayLink(
  db: PrismaClient,
  options: { token: string; secret: string; now?: Date },
): Promise<OpenedPayLink> {
  const verified = verifyPayLinkToken({
    token: options.token.slice(0, 64),
    now: options.now ?? new Date(),
    secret: options.secret,
  });
  if (!verified.ok) return verified;
  const account = await db.account.findUnique({
    where: { id: verified.accountId },
    select: { number: true },
  });
  return account
    ? { ok: true, accountNumber: account.number }
    : { ok: false, problem: 'MALFORMED' };
}
