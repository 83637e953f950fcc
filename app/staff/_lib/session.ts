import 'server-only';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { hasRole, type StaffRole } from '@/lib/domain/staff/staff-actor';
import { getStaffSession, type StaffSessionView } from '@/lib/domain/staff/staff-session';
import { readStaffSessionId } from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import { getStaffPolicy } from '@/lib/server/env';
import { getRequestPath } from '@/lib/server/locale';
import { sameSitePath } from '@/lib/server/safe-return-path';

/** The signed-in staff member of a request, or null (no cookie, forged, ended, idle, inactive). */
export async function readStaffSession(requestHeaders: Headers): Promise<StaffSessionView | null> {
  const sessionId = await readStaffSessionId(requestHeaders);
  if (!sessionId) return null;
  return getStaffSession(getPrisma(), { sessionId, idleMinutes: getStaffPolicy().idleMinutes });
}

/** A path inside the console to return to ("/staff…" only), else the console's start. */
export function staffPath(value: unknown): string {
  const path = sameSitePath(value, '/staff');
  return /^\/staff(?:[/?#]|$)/.test(path) && !/^\/staff\/sign-in/.test(path) ? path : '/staff';
}

/**
 * The guard of every console page: no staff session (anonymous, or a resident's session, which
 * is a different cookie) → the staff sign-in page, and back here afterwards; a lower role → 403.
 */
export async function requireStaffPage(least: StaffRole = 'SUPPORT'): Promise<StaffSessionView> {
  const session = await readStaffSession(await headers());
  if (!session) {
    const back = staffPath(await getRequestPath());
    redirect(`/staff/sign-in?back=${encodeURIComponent(back)}`);
  }
  if (!hasRole(session, least)) forbidden();
  return session;
}
