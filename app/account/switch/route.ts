import { getResidentSession } from '@/lib/server/auth/resident';
import { switchResidentAccount } from '@/lib/server/auth/switch-account';
import { safeReturnPath } from '@/lib/server/safe-return-path';

export const dynamic = 'force-dynamic';

/**
 * CSRF for this plain form post: the browser's Origin (or, without one, Sec-Fetch-Site) must
 * be this site, as Next checks for server actions; the session cookie is also SameSite=Lax.
 */
function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return request.headers.get('sec-fetch-site') === 'same-origin';
  // The Host the request was addressed to (a reverse proxy passes it on), never
  // X-Forwarded-Host, which a client can set to anything.
  const host = request.headers.get('host');
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function seeOther(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store' },
  });
}

/**
 * The account switcher: makes one of the accounts linked in this session the current one.
 * An account that is not linked answers 404, exactly like an account that does not exist.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response('Forbidden', { status: 403 });
  const form = await request.formData().catch(() => null);
  const back = safeReturnPath(form?.get('back'));
  const session = await getResidentSession();
  if (!session) return seeOther(`/sign-in?back=${encodeURIComponent(back)}`);
  const raw = form?.get('accountId');
  const accountId = typeof raw === 'string' && /^[0-9]{1,10}$/.test(raw) ? Number(raw) : 0;
  if (!(await switchResidentAccount(session, accountId))) {
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  return seeOther(back);
}
