import { type NextRequest, NextResponse } from 'next/server';
import { auth } from '@/lib/server/auth/config';
import {
  createNonce,
  pageContentSecurityPolicy,
  STRICT_TRANSPORT_SECURITY,
} from '@/lib/server/auth/security-headers';
import { getEnv, isHttpsProduction } from '@/lib/server/env';
import { REQUEST_PATH_HEADER } from '@/lib/server/locale';
import {
  isMalformedPath,
  MALFORMED_PATH_BODY,
  MALFORMED_PATH_HEADERS,
  MALFORMED_PATH_STATUS,
} from '@/lib/server/malformed-path';

/**
 * Runs before every page (not the API, not static files): a per-response CSP nonce that Next
 * applies to its own scripts (pages are dynamically rendered), HSTS on https production, and the
 * sliding renewal of the resident session (30 minutes idle). The API's headers are fixed and set
 * by next.config.js, so API requests never pay for this.
 */
function withSecurityHeaders(request: NextRequest): NextResponse {
  const https = isHttpsProduction();
  const nonce = createNonce();
  const csp = pageContentSecurityPolicy({
    nonce,
    development: getEnv().NODE_ENV === 'development',
    https,
  });
  // Next reads the nonce from the request's CSP header while rendering.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  // Layouts cannot see the URL; the resident layout's guard returns the resident to this path
  // (the path only: a query string is not carried through sign-in).
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname.slice(0, 512));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return response;
}

/** Whether `origin` names the host this request was addressed to. */
function sameHost(origin: string, request: NextRequest): boolean {
  try {
    return new URL(origin).host === (request.headers.get('host') ?? request.nextUrl.host);
  } catch {
    return false;
  }
}

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some((cookie) => cookie.name.includes('authjs.session-token'));
}

export async function proxy(request: NextRequest, context: { params?: Promise<unknown> }) {
  // Only page views renew the session: a POST (sign-in, switch, sign-out) sets the cookie itself
  // and must not have it overwritten by the old one; API routes never set it.
  // A path with a malformed %-escape names nothing here: 400, not a 500 from deeper down.
  if (isMalformedPath(request.nextUrl.pathname)) {
    return new NextResponse(MALFORMED_PATH_BODY, {
      status: MALFORMED_PATH_STATUS,
      headers: MALFORMED_PATH_HEADERS,
    });
  }
  // A server-action post from another origin, or not a form: refused here with a 4xx instead
  // of an error deep in the framework (Next would refuse it too, with a 500).
  if (request.method === 'POST' && request.headers.has('next-action')) {
    const origin = request.headers.get('origin');
    if (origin !== null && origin !== request.nextUrl.origin && !sameHost(origin, request)) {
      return new NextResponse('Forbidden: cross-origin form post', { status: 403 });
    }
    if ((request.headers.get('content-type') ?? '').includes('application/json')) {
      return new NextResponse('Bad request: forms are posted as form data', { status: 400 });
    }
  }
  const renew = request.method === 'GET' && hasSessionCookie(request);
  if (renew) {
    // next-auth's wrapper re-issues a valid session cookie with a fresh 30-minute expiry. With a
    // lazily built config, `auth(handler)` resolves to the wrapped handler (a promise), hence await.
    const renewingSession = await auth((wrapped) => withSecurityHeaders(wrapped));
    return renewingSession(request, { params: context.params ?? Promise.resolve({}) });
  }
  return withSecurityHeaders(request);
}

export const config = {
  matcher: [
    {
      // Static files of public/ (icons, manifest, robots.txt) need no nonce and no session; the
      // API (lookup, dialer, webhooks, Auth.js) needs neither either, and never carries the
      // resident session cookie (its responses may be cached by proxies).
      source:
        '/((?!api/|_next/static|_next/image|favicon\\.ico|icon|apple-touch-icon|manifest\\.webmanifest|robots\\.txt).*)',
      // Router prefetches (RSC payloads, never documents) skip the proxy. Besides saving work,
      // this matters for the session: a prefetch sent just before sign-out would otherwise come
      // back renewing the cookie that sign-out deleted. (Next strips these headers from the
      // request the proxy sees, so they can only be tested here.)
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'next-router-segment-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
