import { describe, expect, it } from 'vitest';
import { markPeer } from '../peer-address';
import { clientAddress, compileTrust } from './client-key';

const SECRET = 'test-secret-for-peer-signatures-0123456789';

/** A request as our server (scripts/serve.ts) hands it to Next: the peer signed in. */
function request(peer: string | undefined, extra: Record<string, string> = {}): Headers {
  const headers: Record<string, string | string[] | undefined> = { ...extra };
  markPeer(headers, peer, SECRET);
  return new Headers(headers as Record<string, string>);
}

const none = compileTrust({ kind: 'none' });
const loopback = compileTrust({ kind: 'list', entries: ['loopback'] });
const nginxAt = compileTrust({ kind: 'list', entries: ['10.0.0.5', '192.168.0.0/16'] });
const oneHop = compileTrust({ kind: 'hops', count: 1 });

describe('clientAddress: a client can never choose its own budget', () => {
  it.each([
    [
      'no trusted proxy: the TCP peer, whatever the headers say',
      '203.0.113.7',
      { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8' },
      none,
      '203.0.113.7',
    ],
    [
      'trusted nginx: the address nginx appended',
      '10.0.0.5',
      { 'x-forwarded-for': '198.51.100.9' },
      nginxAt,
      '198.51.100.9',
    ],
    [
      'trusted nginx, client-prepended entries ignored',
      '10.0.0.5',
      { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' },
      nginxAt,
      '198.51.100.9',
    ],
    [
      'two trusted hops: the right-most untrusted entry',
      '10.0.0.5',
      { 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 192.168.1.2' },
      nginxAt,
      '198.51.100.9',
    ],
    [
      'an untrusted peer sending X-Forwarded-For is itself the client',
      '203.0.113.7',
      { 'x-forwarded-for': '10.0.0.5' },
      nginxAt,
      '203.0.113.7',
    ],
    ['trusted peer without X-Forwarded-For: the peer', '10.0.0.5', {}, nginxAt, '10.0.0.5'],
    [
      'a hop count of 1: the entry the nearest proxy appended',
      '172.16.0.9',
      { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' },
      oneHop,
      '198.51.100.9',
    ],
    [
      'loopback trusted (the e2e runner as the proxy)',
      '127.0.0.1',
      { 'x-forwarded-for': '10.1.2.3' },
      loopback,
      '10.1.2.3',
    ],
    [
      'IPv6-mapped loopback is loopback',
      '::ffff:127.0.0.1',
      { 'x-forwarded-for': '10.1.2.3' },
      loopback,
      '10.1.2.3',
    ],
  ] as const)('%s', (_name, peer, headers, trust, expected) => {
    expect(clientAddress(request(peer, headers), { secret: SECRET, trust })).toBe(expected);
  });

  it('forged peer headers (no valid signature) count as no peer: one shared budget', () => {
    const forged = new Headers({
      'x-kvp-peer': '1.2.3.4',
      'x-kvp-peer-sig': 'AAAA',
      'x-forwarded-for': '1.2.3.4',
    });
    expect(clientAddress(forged, { secret: SECRET, trust: loopback })).toBe('unknown');
  });

  it('the server replaces peer headers a client sent', () => {
    const headers: Record<string, string | string[] | undefined> = {
      'x-kvp-peer': '1.2.3.4',
      'x-kvp-peer-sig': 'forged',
    };
    markPeer(headers, '203.0.113.7', SECRET);
    expect(
      clientAddress(new Headers(headers as Record<string, string>), {
        secret: SECRET,
        trust: none,
      }),
    ).toBe('203.0.113.7');
  });

  it('a request that did not come through our server: unknown', () => {
    expect(
      clientAddress(new Headers({ 'x-real-ip': '1.2.3.4' }), { secret: SECRET, trust: none }),
    ).toBe('unknown');
  });
});
