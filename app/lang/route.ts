import { isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';
import { sameSitePath } from '@/lib/server/safe-return-path';

export const dynamic = 'force-dynamic';

/**
 * The language switcher: plain links (works without JavaScript) that remember the choice for
 * a year and return to the page the resident was on.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const to = url.searchParams.get('to');
  const headers = new Headers({
    Location: sameSitePath(url.searchParams.get('back'), '/'),
    'Cache-Control': 'no-store',
  });
  if (isLocale(to)) {
    headers.append('Set-Cookie', `${LOCALE_COOKIE}=${to}; Path=/; Max-Age=31536000; SameSite=Lax`);
  }
  return new Response(null, { status: 303, headers });
}
