import 'server-only';
import { createHmac } from 'node:crypto';

/**
 * The client's address as the nearest proxy saw it: `X-Real-IP` (set, not appended, by nginx
 * and most load balancers) or else the LAST `X-Forwarded-For` entry (the one our own proxy
 * appended; earlier entries are whatever the client claimed). Deploy behind a reverse proxy
 * that sets one of them; without one, every client shares the key "unknown" (docs/auth.md).
 */
export function clientAddress(headers: Headers): string {
  const realIp = headers.get('x-real-ip')?.trim();
  if (realIp) return realIp.slice(0, 64);
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .at(-1);
  return last ? last.slice(0, 64) : 'unknown';
}

/** A keyed hash of the client's address: rate limits and attempt rows never store raw IPs. */
export function clientKeyFromHeaders(headers: Headers, secret: string): string {
  return createHmac('sha256', secret)
    .update(`client:${clientAddress(headers)}`)
    .digest('hex')
    .slice(0, 32);
}
