import 'server-only';
import { unstable_update } from './config';
import { isLinkedAccount, type ResidentSession } from './resident';

/**
 * Makes a linked account the current one (the token is re-issued by the jwt callback, which
 * checks again that the account is linked). Returns false, changing nothing, otherwise.
 */
export async function switchResidentAccount(
  session: ResidentSession,
  accountId: number,
): Promise<boolean> {
  if (!isLinkedAccount(session, accountId)) return false;
  await unstable_update({ switchToAccountId: accountId });
  return true;
}
