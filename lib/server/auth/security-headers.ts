/**
 * The security headers of every response (docs/auth.md). Pure, so that they can be unit-tested
 * and used from proxy.ts; next.config.js sets the nonce-free ones on static files too.
 */

/** Set on every response, static files included (next.config.js `headers()`). */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  },
];

/** Where a form may send the browser: this site, and Stripe Checkout (pay form without JS). */
const FORM_ACTIONS = "'self' https://checkout.stripe.com";

/**
 * Pages: scripts only from this site with this response's nonce ('strict-dynamic' lets Next's
 * own chunks load), no inline script without the nonce, no plugins, no framing, no <base>.
 * Inline `style` attributes are allowed (style-src-attr) because React and SVG charts emit them;
 * <style> elements still need the nonce.
 */
export function pageContentSecurityPolicy(options: {
  nonce: string;
  development: boolean;
  https: boolean;
}): string {
  const { nonce } = options;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${FORM_ACTIONS}`,
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** API responses (JSON, CSV) never render: forbid everything. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** HSTS: only when served over https in production (a plain-http demo must not be pinned). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** A fresh, unguessable nonce per response (base64 of 16 random bytes). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
