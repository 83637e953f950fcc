/**
 * The portal's HTTP server: Next.js (the production build) behind a plain Node server that
 * records each request's TCP peer in a signed header (lib/server/peer-address.ts), so that
 * per-client limits can use the real client address (TRUSTED_PROXIES). `npm start` runs it;
 * in production run `npm run serve` (or `node --import tsx scripts/serve.ts`), one per
 * instance, instead of `next start`.
 *
 *   PORT=3000 HOST=0.0.0.0 npm run serve
 */
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { getAuthSecret } from '../lib/server/env';
import {
  isMalformedPath,
  MALFORMED_PATH_BODY,
  MALFORMED_PATH_HEADERS,
  MALFORMED_PATH_STATUS,
} from '../lib/server/malformed-path';
import { markPeer } from '../lib/server/peer-address';

const port = Number(process.env.PORT ?? '3000');
const hostname = process.env.HOST ?? '0.0.0.0';
const dir = path.resolve(import.meta.dirname, '..');

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const secret = getAuthSecret();

const server = http.createServer((request, response) => {
  // Next answers a malformed %-escape in an API path with a 500; the API skips proxy.ts.
  if (isMalformedPath(request.url ?? '/')) {
    response.writeHead(MALFORMED_PATH_STATUS, MALFORMED_PATH_HEADERS);
    response.end(MALFORMED_PATH_BODY);
    return;
  }
  markPeer(request.headers, request.socket.remoteAddress, secret);
  void handle(request, response);
});
// Keep idle connections open longer than the clients that reuse them: nginx keeps upstream
// connections 60 s (keepalive_timeout), load balancers and HTTP clients often as long. With
// Node's default of 5 s a client could send on a connection at the moment the server closes it,
// and get ECONNRESET for a request that never arrived (seen in the e2e API calls).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => {
  console.log(`▲ Kvartplata serving on http://${hostname}:${port}`);
});

/** Like `next start`: 130 after Ctrl-C (the launcher reads it as a requested stop), else 0. */
const stop = (code: number) => () => {
  server.close(() => process.exit(code));
  setTimeout(() => process.exit(code), 5_000).unref();
};
process.on('SIGINT', stop(130));
process.on('SIGTERM', stop(0));
