/**
 * Serves the benchmarks' trivial baseline app (scripts/bench/trivial-app: one route handler,
 * same Next version, no proxy, no database) the way scripts/serve.ts serves the portal: a plain
 * Node server handing every request to Next's production handler. Started by the benchmarks.
 *
 *   PORT=3501 npx tsx scripts/bench/trivial-server.ts
 */
import http from 'node:http';
import path from 'node:path';
import next from 'next';

const port = Number(process.env.PORT ?? '3501');
const hostname = process.env.HOST ?? '127.0.0.1';
const dir = path.resolve(import.meta.dirname, 'trivial-app');

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`trivial baseline app on http://${hostname}:${port}/ping`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
});
