/**
 * The embedded PostgreSQL: PGlite (PostgreSQL in WebAssembly) on a data folder, served over
 * TCP by PGLiteSocketServer so that the app connects with the same `pg` driver as in
 * production. Runs as its own process (started by ./client.ts), never inside Next.js: one
 * data folder must have exactly one PGlite owner, and Next may run several workers.
 *
 * Usage: node --import tsx scripts/embedded-db/server.ts <dataDir> [host] [port] [maxConnections]
 * Port 0 picks a free port; the chosen one is reported with an IPC `ready` message.
 *
 * Invariant: every way out closes PGlite first (`db.close()` flushes the data folder), except
 * when PGlite never opened. Ways out: SIGTERM (the launcher's orderly stop), the IPC channel
 * closing (the launcher died; we must not keep the folder busy as an orphan). SIGINT is
 * ignored on purpose: Ctrl-C reaches the whole process group, and the launcher must stop the
 * app before the database, so it sends SIGTERM when it is the database's turn.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { TEmbeddedDbMessage } from './protocol';

function send(message: TEmbeddedDbMessage): void {
  // Without an IPC channel (run by hand) the message goes to stdout instead.
  if (process.send) process.send(message);
  else console.log(JSON.stringify(message));
}

/** PGlite's errors are not always Errors with a message (Emscripten's ErrnoError has errno). */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const errno = (error as { errno?: unknown }).errno;
    const detail = error.message || error.name;
    return typeof errno === 'number' ? `${detail} (errno ${errno})` : detail;
  }
  if (typeof error === 'object' && error !== null) {
    const errno = (error as { errno?: unknown }).errno;
    if (typeof errno === 'number') return `file system error (errno ${errno})`;
  }
  return String(error);
}

function parsePositiveInt(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

const [dataDir, host = '127.0.0.1', portArg, maxConnectionsArg] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: server.ts <dataDir> [host] [port] [maxConnections]');
  process.exit(2);
}
const port = parsePositiveInt(portArg, 0);
const maxConnections = parsePositiveInt(maxConnectionsArg, 32);

let db: PGlite;
try {
  // pg_trgm: the staff search indexes (migration staff_console).
  db = new PGlite(dataDir, { extensions: { pg_trgm } });
  await db.waitReady;
} catch (error) {
  send({ type: 'open-failed', reason: describeError(error) });
  console.error(`PGlite could not open ${dataDir}:`, error);
  process.exit(1);
}

const server = new PGLiteSocketServer({ db, host, port, maxConnections });
server.addEventListener('error', (event) => {
  console.error('socket server error:', (event as CustomEvent<unknown>).detail);
});

let stopping: Promise<void> | undefined;
function stop(reason: string): Promise<void> {
  stopping ??= (async () => {
    console.log(`stopping (${reason})`);
    let code = 0;
    try {
      await server.stop();
    } catch (error) {
      console.error('socket server stop failed:', error);
      code = 1;
    }
    try {
      await db.close();
      console.log('PGlite closed');
    } catch (error) {
      console.error('PGlite close failed:', error);
      code = 1;
    }
    process.exit(code);
  })();
  return stopping;
}

process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => {
  console.log('SIGINT ignored: the launcher stops the database after the app (SIGTERM)');
});
process.on('disconnect', () => void stop('launcher went away'));

let listeningPort = port;
server.addEventListener('listening', (event) => {
  const detail = (event as CustomEvent<{ port?: number }>).detail;
  if (typeof detail.port === 'number') listeningPort = detail.port;
});
try {
  await server.start();
} catch (error) {
  send({ type: 'start-failed', reason: describeError(error) });
  await db.close().catch(() => undefined);
  process.exit(1);
}
console.log(`PGlite on ${dataDir} listening on ${host}:${listeningPort}`);
send({ type: 'ready', port: listeningPort });
