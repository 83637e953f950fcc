/**
 * A request path with a malformed %-escape names nothing here: it gets a 400 with this answer,
 * never a 500 from deep inside the framework. Checked by the portal's own server for every
 * request (scripts/serve.ts: the API skips proxy.ts) and by proxy.ts for pages.
 * (No `server-only` marker: the launcher's server imports this outside Next.)
 */
export const MALFORMED_PATH_STATUS = 400;
export const MALFORMED_PATH_BODY = 'Bad request: malformed URL encoding';
export const MALFORMED_PATH_HEADERS = {
  'Content-Type': 'text/plain; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Whether the path part of a request target (before any `?`) fails to %-decode. */
export function isMalformedPath(target: string): boolean {
  const query = target.indexOf('?');
  try {
    decodeURIComponent(query === -1 ? target : target.slice(0, query));
    return false;
  } catch {
    return true;
  }
}
