// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite and the schema engine are used by scripts only, never bundled into the app.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'pdfkit'],
  // Every client gets <title> and metadata in the <head> of the first bytes, not streamed in
  // later: screen readers announce the page at once, and no axe scan races the title.
  htmlLimitedBots: /.*/,
  // `forbidden()` answers 403 for a console page a staff role may not open (app/forbidden.tsx).
  experimental: {
    authInterrupts: true,
    // The proxy buffers a request's body up to this (Next's default: 10 MB, silently cut
    // beyond). A payment registry upload may carry IMPORT_MAX_BYTES (default 20 MiB) and its
    // form; the upload route refuses anything larger itself (docs/payment-imports.md).
    proxyClientMaxBodySize: (Number(process.env.IMPORT_MAX_BYTES) || 20 * 1024 * 1024) + 64 * 1024,
  },
  // Security headers on every response, static files included. Keep in step with
  // lib/server/auth/security-headers.ts (a unit test checks it). Pages get their CSP (with a
  // per-response nonce) and HSTS from proxy.ts. The API skips the proxy (no session, no nonce:
  // the framework's own speed reaches the lookup, the dialer and the webhooks), so its fixed
  // CSP is set here, and HSTS whenever the request reached the TLS terminator over https
  // (browsers ignore HSTS over plain http anyway, RFC 6797 §8.1).
  async headers() {
    return [
      {
        source: '/api/:path*',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
          },
        ],
      },
      {
        source: '/api/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [
          { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
        ],
      },
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          {
            key: 'Permissions-Policy',
            value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
          },
        ],
      },
    ];
  },
};

export default nextConfig;
