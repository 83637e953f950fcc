// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite and the schema engine are used by scripts only, never bundled into the app.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg'],
  // Every client gets <title> and metadata in the <head> of the first bytes, not streamed in
  // later: screen readers announce the page at once, and no axe scan races the title.
  htmlLimitedBots: /.*/,
  // `forbidden()` answers 403 for a console page a staff role may not open (app/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Security headers on every response, static files included. Keep in step with
  // STATIC_SECURITY_HEADERS in lib/server/auth/security-headers.ts (a unit test checks it);
  // the CSP (with its per-response nonce) and HSTS are set by proxy.ts.
  async headers() {
    return [
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
