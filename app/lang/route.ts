import { isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';

export const dynamic = 'force-dynamic';

/** Only same-site paths: never an open redirect. */
function safeBack(back: string | null): string {
  return back && /^\/(?!\/)[^\s\\]*$/.test(back) ? back : '/';
}

/**
 * The language switcher: plain links (works without JavaScript) that remember the choice for
 * a year and return to the page the resident was on.
 */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const to = url.searchParams.get('to');
  const headers = new Headers({
    Location: safeBack(url.searchParams.get('back')),
    'Cache-Control': 'no-store',
  });
  if (isLocale(to)) {
    headers.append('Set-Cookie', `${LOCALE_COOKIE}=${to}; Path=/; Max-Age=31536000; SameSite=Lax`);
  }
  return new Response(null, { status: 303, headers });
}
