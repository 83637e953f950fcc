import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  API_CONTENT_SECURITY_POLICY,
  createNonce,
  pageContentSecurityPolicy,
  STATIC_SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
} from './security-headers';

describe('security headers', () => {
  it('page CSP: nonce scripts only, no framing, https upgrade only on https', () => {
    const csp = pageContentSecurityPolicy({ nonce: 'abc', development: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(pageContentSecurityPolicy({ nonce: 'x', development: false, https: true })).toContain(
      'upgrade-insecure-requests',
    );
  });

  it('nonces are fresh and long enough', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });

  it('next.config.js sends the same static headers on every path', async () => {
    const file = pathToFileURL(path.resolve(import.meta.dirname, '../../../next.config.js')).href;
    const config: { default: { headers: () => Promise<{ source: string; headers: unknown }[]> } } =
      await import(file);
    const rules = await config.default.headers();
    const all = rules.find((rule) => rule.source === '/:path*');
    expect(all?.headers).toEqual(STATIC_SECURITY_HEADERS);
  });

  it('next.config.js sends the API policy on /api, and HSTS there only behind https', async () => {
    const file = pathToFileURL(path.resolve(import.meta.dirname, '../../../next.config.js')).href;
    const config: {
      default: {
        headers: () => Promise<{ source: string; has?: unknown[]; headers: unknown }[]>;
      };
    } = await import(file);
    const api = (await config.default.headers()).filter((rule) => rule.source === '/api/:path*');
    expect(api).toEqual([
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
      {
        source: '/api/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: STRICT_TRANSPORT_SECURITY }],
      },
    ]);
  });
});
