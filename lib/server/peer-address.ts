import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The TCP peer of a request, as the portal's own HTTP server saw it (scripts/serve.ts). Next.js
 * does not expose the socket to route handlers, so the server puts the peer's address in a
 * request header, with an HMAC under the auth secret: a client that sends these headers itself
 * (or an instance started without our server) cannot forge them, and then no peer is known.
 * (No `server-only` marker: the launcher's server imports this outside Next.)
 */
export const PEER_HEADER = 'x-kvp-peer';
export const PEER_SIGNATURE_HEADER = 'x-kvp-peer-sig';

function sign(address: string, secret: string): string {
  return createHmac('sha256', secret).update(`peer:${address}`).digest('base64url');
}

/** Sets the peer headers on an incoming request, replacing whatever the client sent. */
export function markPeer(
  headers: Record<string, string | string[] | undefined>,
  address: string | undefined,
  secret: string,
): void {
  delete headers[PEER_HEADER];
  delete headers[PEER_SIGNATURE_HEADER];
  if (!address) return;
  headers[PEER_HEADER] = address;
  headers[PEER_SIGNATURE_HEADER] = sign(address, secret);
}

/** The peer address the server recorded, or null when absent or not signed by it. */
export function verifiedPeer(headers: Headers, secret: string): string | null {
  const address = headers.get(PEER_HEADER);
  const signature = headers.get(PEER_SIGNATURE_HEADER);
  if (!address || !signature || address.length > 64) return null;
  const expected = Buffer.from(sign(address, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? address : null;
}
