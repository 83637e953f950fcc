import { isAppError } from '@/lib/domain/app-error';
import { beginStaffSignIn, completeStaffSignIn } from '@/lib/domain/staff/staff-sign-in';
import { clientKeyFromHeaders } from '@/lib/server/auth/client-key';
import { staffSessionCookie, staffTicketCookie } from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import { getAuthSecret, getStaffTotpKey } from '@/lib/server/env';
import { staffFormGuard } from '../../_lib/post-guard';
import { staffPath } from '../../_lib/session';
import { seeOther, setCookie, signInFailure } from '../sign-in-response';

/** Step 1 of staff sign-in: email and password (lib/domain/staff/staff-sign-in.ts). */
export async function POST(request: Request): Promise<Response> {
  const refused = staffFormGuard(request);
  if (refused) return refused;
  const form = await request.formData();
  const back = staffPath(form.get('back'));
  const field = (name: string, max: number) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  const clientKey = clientKeyFromHeaders(request.headers, getAuthSecret());
  const prisma = getPrisma();
  try {
    const start = await beginStaffSignIn(prisma, {
      email: field('email', 254),
      password: field('password', 256),
      clientKey,
      totpKey: getStaffTotpKey(),
    });
    if (start.stage === 'SIGN_IN') {
      const session = await completeStaffSignIn(prisma, {
        ticket: start.ticket,
        code: '',
        clientKey,
        totpKey: getStaffTotpKey(),
      });
      return setCookie(seeOther(back), await staffSessionCookie(session.sessionId));
    }
    return setCookie(
      seeOther(`/staff/sign-in/code?back=${encodeURIComponent(back)}`),
      staffTicketCookie(start.ticket),
    );
  } catch (error) {
    if (isAppError(error)) return seeOther(signInFailure('/staff/sign-in', back, error));
    throw error;
  }
}
