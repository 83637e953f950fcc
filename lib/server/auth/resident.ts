import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '../safe-return-path';
import { readResidentClaims } from './config';

/**
 * The signed-in resident, as resident pages see it. `accountId` is the account being viewed;
 * `linked` lists every account proved in this browser session (the current one included).
 * Built only from the encrypted session token: never from a query string or a form field.
 */
export type ResidentSession = {
  accountId: number;
  accountNumber: string;
  linked: { accountId: number; accountNumber: string }[];
};

/** The resident's session, or null when signed out (no cookie, expired, forged or altered). */
export async function getResidentSession(): Promise<ResidentSession | null> {
  // cookies() reflects what a server action just set or deleted; the request's Cookie header
  // does not. Only the session cookie is passed on.
  const sessionCookies = (await cookies())
    .getAll()
    .filter((cookie) => cookie.name.includes('authjs.session-token'))
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ');
  const claims = await readResidentClaims(new Headers({ cookie: sessionCookies }));
  if (!claims) return null;
  const current = claims.accounts.find((account) => account.id === claims.current);
  if (!current) return null;
  return {
    accountId: current.id,
    accountNumber: current.number,
    linked: claims.accounts.map((account) => ({
      accountId: account.id,
      accountNumber: account.number,
    })),
  };
}

/**
 * The guard of every resident page: the session, or a redirect to
 * `/sign-in?back=<returnTo>` (same-site paths only) when signed out.
 */
export async function requireResidentSession(returnTo: string): Promise<ResidentSession> {
  const session = await getResidentSession();
  if (session) return session;
  redirect(`/sign-in?back=${encodeURIComponent(safeReturnPath(returnTo))}`);
}

/** True when `accountId` is one of the accounts this session proved. */
export function isLinkedAccount(session: ResidentSession, accountId: number): boolean {
  return session.linked.some((account) => account.accountId === accountId);
}
