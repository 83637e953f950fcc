import { isAppError } from '@/lib/domain/app-error';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { clearedCookie, readStaffTicket, staffSessionCookieName } from '@/lib/server/auth/staff';
import { STAFF_ACTIONS, type StaffAction } from '../../_lib/actions';
import { staffFormGuard } from '../../_lib/post-guard';
import { readStaffSession, staffPath } from '../../_lib/session';
import { seeOther, setCookie } from '../../sign-in/sign-in-response';

/**
 * Every console action is a form post here (works without JavaScript). In order: the post
 * must come from this site (Origin, else Sec-Fetch-Site) as a form of bounded size; a staff
 * session is required (a resident's cookie is not one): 403 otherwise; the action's role:
 * 403 otherwise. Then the action runs; an expected refusal (AppError) goes back to the form with
 * its reason and changes nothing; success goes on with a notice (303 See Other).
 */
export async function POST(
  request: Request,
  context: { params: Promise<{ action: string }> },
): Promise<Response> {
  const refused = staffFormGuard(request);
  if (refused) return refused;
  const { action: name } = await context.params;
  const action: StaffAction | undefined = Object.hasOwn(STAFF_ACTIONS, name)
    ? STAFF_ACTIONS[name as keyof typeof STAFF_ACTIONS]
    : undefined;
  if (!action) return plain(404, 'No such console action.');
  const session = await readStaffSession(request.headers);
  if (!session) return plain(403, 'Forbidden: sign in to the staff console first.');
  if (!hasRole(session, action.role))
    return plain(403, `Forbidden: this action needs the ${action.role} role.`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return plain(400, 'Bad request: not a form.');
  }
  const back = staffPath(form.get('back'));
  try {
    const result = await action.run({ session, form, ticket: readStaffTicket(request.headers) });
    if (result.html) {
      return new Response(result.html, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    const response = seeOther(withQuery(result.to, { notice: result.notice }));
    const cookies = [
      ...(result.cookies ?? []),
      ...(result.signOut ? [clearedCookie(staffSessionCookieName())] : []),
    ];
    for (const cookie of cookies) setCookie(response, cookie);
    return response;
  } catch (error) {
    if (isAppError(error, 'FORBIDDEN')) return plain(403, `Forbidden: ${error.message}.`);
    if (isAppError(error)) {
      return seeOther(withQuery(back, { error: error.code, detail: error.message.slice(0, 300) }));
    }
    throw error;
  }
}

function plain(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function withQuery(path: string, query: Record<string, string>): string {
  const [base, existing] = path.split('?');
  const params = new URLSearchParams(existing);
  for (const key of ['notice', 'error', 'detail']) params.delete(key);
  for (const [key, value] of Object.entries(query)) params.set(key, value);
  return `${base}?${params.toString()}`;
}
