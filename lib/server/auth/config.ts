import 'server-only';
import { randomBytes } from 'node:crypto';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import Credentials from 'next-auth/providers/credentials';
import type { SignInSubject } from '../../domain/auth/attempt-sign-in';
import { isSessionRevoked, revokeSession } from '../../domain/auth/revoke-session';
import {
  encodeSignInFailure,
  type SignInFailure,
  signInFailureOf,
} from '../../domain/auth/sign-in-failure';
import { signInWithBillCode } from '../../domain/auth/sign-in-with-bill-code';
import { signInWithSmsCode } from '../../domain/auth/sign-in-with-sms-code';
import { getPrisma } from '../db';
import {
  getAccountNumberScheme,
  getAuthSecret,
  getBillCodePepper,
  isHttpsProduction,
} from '../env';
import { linkAccount, parseResidentClaims, switchAccount, type TResidentClaims } from './claims';
import { clientKeyFromHeaders } from './client-key';

declare module 'next-auth' {
  interface User {
    /** Set by `authorize`: every account proved in this browser session, the new one current. */
    resident?: TResidentClaims;
  }
  interface Session {
    resident?: TResidentClaims;
    /** Only in `unstable_update` payloads: the linked account to make current. */
    switchToAccountId?: number;
  }
}

/** Session lifetime: 30 minutes, renewed while the resident keeps using the portal (proxy.ts). */
export const SESSION_MAX_AGE_SECONDS = 30 * 60;

/**
 * What `signIn` throws for an expected failure: CredentialsSignin whose `code` is the
 * SignInFailure value encoded (lib/domain/auth/sign-in-failure.ts), decoded by the actions.
 */
class SignInRefused extends CredentialsSignin {
  constructor(failure: SignInFailure) {
    super();
    this.code = encodeSignInFailure(failure);
  }
}

function toSignInRefused(error: unknown): SignInRefused {
  const failure = signInFailureOf(error);
  if (!failure) throw error;
  return new SignInRefused(failure);
}

function field(credentials: Partial<Record<string, unknown>>, name: string): string {
  const value = credentials[name];
  return typeof value === 'string' ? value.slice(0, 64) : '';
}

function secureCookies(): boolean {
  return isHttpsProduction();
}

/**
 * The resident claims in a request's session cookie: decrypted and checked (integrity, expiry)
 * with AUTH_SECRET; null when absent, forged, altered or expired. Read-only: unlike `auth()`, it
 * never writes a cookie, so a page rendered right after sign-in, switch or sign-out cannot put
 * the previous session back.
 */
export async function readResidentClaims(headers: Headers): Promise<TResidentClaims | null> {
  const token = await readSessionToken(headers);
  if (!token || (await isSessionEnded(token))) return null;
  return parseResidentClaims(token.resident);
}

async function readSessionToken(headers: Headers) {
  return getToken({ req: { headers }, secret: getAuthSecret(), secureCookie: secureCookies() });
}

/** A token without a session id (made before sign-out revoked sessions) or a revoked one. */
async function isSessionEnded(token: Record<string, unknown>): Promise<boolean> {
  const sid = token.sid;
  return typeof sid !== 'string' || (await isSessionRevoked(getPrisma(), sid));
}

/**
 * Ends the session in this request's cookie server-side (before the cookie is deleted), so a
 * copy of the cookie made earlier no longer opens anything.
 */
export async function revokeCurrentSession(headers: Headers): Promise<void> {
  const token = await readSessionToken(headers);
  if (!token || typeof token.sid !== 'string') return;
  const expiresAt =
    typeof token.exp === 'number'
      ? new Date(token.exp * 1000)
      : new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await revokeSession(getPrisma(), { sid: token.sid, expiresAt });
}

/** The accounts this browser had already proved, read from its (verified) session cookie. */
function existingClaims(request: Request): Promise<TResidentClaims | null> {
  return readResidentClaims(request.headers);
}

async function authorizeWith(
  request: Request,
  prove: (clientKey: string) => Promise<SignInSubject>,
): Promise<{ id: string; resident: TResidentClaims }> {
  const clientKey = clientKeyFromHeaders(request.headers, getAuthSecret());
  let subject: SignInSubject;
  try {
    subject = await prove(clientKey);
  } catch (error) {
    throw toSignInRefused(error);
  }
  // Signing in while signed in links the new account into the same session.
  const resident = linkAccount(await existingClaims(request), subject);
  return { id: String(subject.accountId), resident };
}

function buildConfig(): NextAuthConfig {
  return {
    secret: getAuthSecret(),
    // Behind the app's own reverse proxy; redirects are still limited to same-origin paths.
    trustHost: true,
    useSecureCookies: secureCookies(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    logger: {
      // A wrong code is an expected answer (counted in sign_in_attempt, told to the resident),
      // not a server error: Auth.js would print a stack trace for each one.
      error(error) {
        const type = (error as { type?: unknown }).type;
        if (error.name === 'CredentialsSignin' || type === 'CredentialsSignin') return;
        console.error('[auth]', error);
      },
    },
    providers: [
      Credentials({
        id: 'bill-code',
        name: 'Bill access code',
        credentials: { accountNumber: {}, code: {} },
        authorize: (credentials, request) =>
          authorizeWith(request, (clientKey) =>
            signInWithBillCode(getPrisma(), {
              accountNumber: field(credentials, 'accountNumber'),
              code: field(credentials, 'code'),
              clientKey,
              scheme: getAccountNumberScheme(),
              pepper: getBillCodePepper(),
            }),
          ),
      }),
      Credentials({
        id: 'sms-code',
        name: 'SMS code',
        credentials: { accountNumber: {}, code: {} },
        authorize: (credentials, request) =>
          authorizeWith(request, (clientKey) =>
            signInWithSmsCode(getPrisma(), {
              accountNumber: field(credentials, 'accountNumber'),
              code: field(credentials, 'code'),
              clientKey,
              scheme: getAccountNumberScheme(),
              key: getAuthSecret(),
            }),
          ),
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (trigger === 'signIn') {
          const resident = parseResidentClaims(user?.resident);
          // Only what authorize proved goes into the token: no name, e-mail or picture; and a
          // session id, so that signing out can end this session server-side.
          return resident
            ? {
                sub: String(resident.current),
                sid: randomBytes(16).toString('base64url'),
                resident,
              }
            : null;
        }
        const claims = parseResidentClaims(token.resident);
        // A signed-out (revoked) session is never renewed.
        if (!claims || (await isSessionEnded(token))) return null;
        if (trigger === 'update') {
          const wanted =
            typeof session === 'object' && session !== null && 'switchToAccountId' in session
              ? Number(session.switchToAccountId)
              : Number.NaN;
          const switched = Number.isInteger(wanted) ? switchAccount(claims, wanted) : null;
          if (switched) return { ...token, sub: String(switched.current), resident: switched };
        }
        return { ...token, resident: claims };
      },
      session({ session, token }) {
        const resident = parseResidentClaims(token.resident);
        return { expires: session.expires, user: {}, ...(resident ? { resident } : {}) };
      },
    },
  };
}

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => buildConfig());
