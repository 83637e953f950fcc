import 'server-only';
import { decode, encode } from 'next-auth/jwt';
import { STAFF_SESSION_MAX_HOURS } from '../../domain/staff/staff-policy';
import { getAuthSecret, isHttpsProduction } from '../env';

/**
 * Staff session cookies, apart from residents' in every way: another name, another key
 * derivation (Auth.js JWE with the cookie name as salt, so a resident token never decodes as a
 * staff one or the reverse), `Path=/staff` (the browser never sends it to resident pages or the
 * API), SameSite=Strict. The cookie carries only the session id; the session itself — its role,
 * idle timeout, sign-out — is the database row (lib/domain/staff/staff-session.ts).
 */
export const STAFF_COOKIE_PATH = '/staff';

export function staffSessionCookieName(): string {
  return isHttpsProduction() ? '__Secure-kvp-staff' : 'kvp-staff';
}

export function staffTicketCookieName(): string {
  return isHttpsProduction() ? '__Secure-kvp-staff-ticket' : 'kvp-staff-ticket';
}

export type CookieSpec = {
  name: string;
  value: string;
  options: {
    httpOnly: true;
    sameSite: 'strict';
    secure: boolean;
    path: string;
    maxAge: number;
  };
};

function cookie(name: string, value: string, maxAge: number): CookieSpec {
  return {
    name,
    value,
    options: {
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttpsProduction(),
      path: STAFF_COOKIE_PATH,
      maxAge,
    },
  };
}

export async function staffSessionCookie(sessionId: string): Promise<CookieSpec> {
  const maxAge = STAFF_SESSION_MAX_HOURS * 3600;
  const name = staffSessionCookieName();
  const value = await encode({
    token: { sid: sessionId },
    secret: getAuthSecret(),
    salt: name,
    maxAge,
  });
  return cookie(name, value, maxAge);
}

export function staffTicketCookie(ticket: string): CookieSpec {
  return cookie(staffTicketCookieName(), ticket, 5 * 60);
}

export function clearedCookie(name: string): CookieSpec {
  return cookie(name, '', 0);
}

function readCookie(headers: Headers, name: string): string | null {
  const header = headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/** The session id in a request's staff cookie (decrypted and checked), or null. */
export async function readStaffSessionId(headers: Headers): Promise<string | null> {
  const name = staffSessionCookieName();
  const token = readCookie(headers, name);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: getAuthSecret(), salt: name });
    return typeof payload?.sid === 'string' ? payload.sid : null;
  } catch {
    return null;
  }
}

export function readStaffTicket(headers: Headers): string | null {
  const value = readCookie(headers, staffTicketCookieName());
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}
