import { isAppError } from '@/lib/domain/app-error';
import { completeStaffSignIn, readStaffSignInTicket } from '@/lib/domain/staff/staff-sign-in';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import {
  clearedCookie,
  readStaffTicket,
  staffSessionCookie,
  staffTicketCookieName,
} from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import { getAuthSecret, getStaffTotpKey } from '@/lib/server/env';
import { staffFormGuard } from '../../../_lib/post-guard';
import { staffPath } from '../../../_lib/session';
import { seeOther, setCookie, signInFailure } from '../../sign-in-response';

/** Step 2 of staff sign-in: the ticket (cookie) and the TOTP code → the session cookie. */
export async function POST(request: Request): Promise<Response> {
  const refused = staffFormGuard(request);
  if (refused) return refused;
  const form = await request.formData();
  const back = staffPath(form.get('back'));
  const code = form.get('code');
  const ticket = readStaffTicket(request.headers);
  const totpKey = getStaffTotpKey();
  const prisma = getPrisma();
  if (!ticket) return seeOther(`/staff/sign-in?error=expired&back=${encodeURIComponent(back)}`);
  try {
    const session = await completeStaffSignIn(prisma, {
      ticket,
      code: typeof code === 'string' ? code.slice(0, 16) : '',
      clientKey: clientKeyFromHeaders(request.headers, getAuthSecret()),
      totpKey,
    });
    const response = setCookie(seeOther(back), await staffSessionCookie(session.sessionId));
    return setCookie(response, clearedCookie(staffTicketCookieName()));
  } catch (error) {
    if (!isAppError(error)) throw error;
    // While the ticket still has attempts, try the code again; otherwise start over.
    const alive = await readStaffSignInTicket(prisma, { ticket, totpKey });
    return seeOther(signInFailure(alive ? '/staff/sign-in/code' : '/staff/sign-in', back, error));
  }
}
