import 'server-only';
import { createHmac } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { getTrustedProxies } from '../env';
import { verifiedPeer } from '../peer-address';

/**
 * Which proxies may tell us the client's address (TRUSTED_PROXIES): nobody (the default: the
 * TCP peer is the client), a list of addresses/CIDRs/`loopback`/`uniquelocal`, or a hop count
 * (the N nearest hops are ours). Compiled by proxy-addr, Express's well-kept implementation.
 */
export type TrustedProxies =
  | { kind: 'none' }
  | { kind: 'list'; entries: string[] }
  | { kind: 'hops'; count: number };

export function compileTrust(trusted: TrustedProxies): (address: string, hop: number) => boolean {
  switch (trusted.kind) {
    case 'none':
      return () => false;
    case 'hops':
      return (_address, hop) => hop < trusted.count;
    case 'list':
      return proxyaddr.compile(trusted.entries);
    default: {
      const unreachable: never = trusted;
      return unreachable;
    }
  }
}

/**
 * The client's address for per-client limits (DESIGN "scale"): the TCP peer our server saw,
 * unless that peer is a trusted proxy; then the right-most X-Forwarded-For entry that is not
 * a trusted proxy (every entry to its left is whatever the client claimed). X-Real-IP and
 * anything else a client can set are ignored. `unknown` (one shared budget) when the request
 * did not come through our server.
 */
export function clientAddress(
  headers: Headers,
  options: { secret: string; trust: (address: string, hop: number) => boolean },
): string {
  const peer = verifiedPeer(headers, options.secret);
  if (!peer) return 'unknown';
  const forwarded = headers.get('x-forwarded-for') ?? undefined;
  const address = proxyaddr(
    {
      connection: { remoteAddress: peer },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    } as Parameters<typeof proxyaddr>[0],
    options.trust,
  );
  return address.slice(0, 64);
}

let compiled:
  | { source: TrustedProxies; trust: (address: string, hop: number) => boolean }
  | undefined;

/** A keyed hash of the client's address: rate limits and attempt rows never store raw IPs. */
export function clientKeyFromHeaders(headers: Headers, secret: string): string {
  const trusted = getTrustedProxies();
  if (compiled?.source !== trusted) compiled = { source: trusted, trust: compileTrust(trusted) };
  return createHmac('sha256', secret)
    .update(`client:${clientAddress(headers, { secret, trust: compiled.trust })}`)
    .digest('hex')
    .slice(0, 32);
}
