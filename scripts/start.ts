/**
 * `npm start`: the zero-setup launcher (see docs/running.md).
 *
 *   config → port free? → database (external: reachable? | embedded: DATA_DIR lock + PGlite
 *   child) → migrations (and the job queue) → demo data → `next build` if there is no build →
 *   the job worker → `next start` →
 *   health 200 → ready banner.
 *
 * Invariants:
 * - Every failure ends the process non-zero with ONE line on stderr (StartupError), after
 *   undoing what was started.
 * - Shutdown runs the cleanups in reverse order of start: the app stops before the database,
 *   the database closes PGlite (flushing DATA_DIR) before the lock is released.
 * - The launcher never touches DATA_DIR when DATABASE_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { redactDatabaseUrl } from '../lib/server/db-errors';
import { projectRoot } from './db/schema-engine';
import { describeExit, startEmbeddedDatabase, waitForExit } from './embedded-db/client';
import { readyBanner } from './start/banner';
import { probeUrl, publicUrl, readStartConfig } from './start/config';
import { acquireDataDirLock, ensureWritableDataDir } from './start/data-dir';
import { assertDatabaseReachable, migrate, seedDemoDataIfEmpty } from './start/database';
import { loadDotEnvFile } from './start/dotenv';
import { buildApp, hasBuild, serveApp, waitForHealthy } from './start/next-app';
import { assertPortFree } from './start/port';
import { firstLine, StartupError } from './start/startup-error';
import { startWorkerProcess } from './start/worker-process';

/**
 * PGlite executes one query at a time whatever the pool size, so a big pool only queues
 * inside the socket server; a few connections keep a slow query from blocking health checks.
 */
const EMBEDDED_POOL_SIZE = 4;
/** Above the app's pool plus the launcher's migration/seed connections. */
const EMBEDDED_MAX_CONNECTIONS = 32;
const APP_STOP_TIMEOUT_MS = 15_000;

function log(line: string): void {
  console.log(`[start] ${line}`);
}

type TCleanup = { name: string; run: () => Promise<void> };
const cleanups: TCleanup[] = [];
let shutdownStarted: Promise<never> | undefined;

function isShuttingDown(): boolean {
  return shutdownStarted !== undefined;
}

/** Undo everything started so far (last started, first stopped), then exit. */
function shutdown(exitCode: number, reason?: string): Promise<never> {
  shutdownStarted ??= (async () => {
    if (reason) console.error(`npm start: ${reason}`);
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.run();
      } catch (error) {
        console.error(`npm start: stopping ${cleanup.name} failed: ${firstLine(error)}`);
        exitCode = exitCode || 1;
      }
    }
    process.exit(exitCode);
  })();
  return shutdownStarted;
}

let firstSignalAt = 0;

function onStopSignal(signal: NodeJS.Signals): void {
  if (isShuttingDown()) {
    // Ctrl-C arrives twice at once (the terminal's process group and tsx's relay): only a
    // later, deliberate repeat is worth an answer.
    if (Date.now() - firstSignalAt > 1_000) {
      log(`${signal} again: still stopping (waiting for the database to close its files)`);
    }
    return;
  }
  firstSignalAt = Date.now();
  log(`${signal}: stopping`);
  void shutdown(0);
}

/** SIGTERM, then SIGKILL if it does not exit in time. */
async function stopChild(child: ChildProcess, name: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), APP_STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!inTime) {
    log(`${name} did not stop within ${APP_STOP_TIMEOUT_MS / 1000} s; killing it`);
    child.kill('SIGKILL');
    await exited;
  }
}

/** Paths inside the project read better relative (./.data); others stay absolute. */
function displayPath(absolute: string): string {
  const relative = path.relative(projectRoot, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? `./${relative}`
    : absolute;
}

type TDatabase = { url: string; description: string; embedded: boolean };

async function startDatabase(config: ReturnType<typeof readStartConfig>): Promise<TDatabase> {
  if (config.databaseUrl) {
    await assertDatabaseReachable(config.databaseUrl);
    return {
      url: config.databaseUrl,
      description: `PostgreSQL at ${redactDatabaseUrl(config.databaseUrl)}`,
      embedded: false,
    };
  }
  ensureWritableDataDir(config.dataDir);
  const lock = acquireDataDirLock(config.dataDir);
  cleanups.push({ name: 'the DATA_DIR lock', run: async () => lock.release() });
  const started = Date.now();
  const database = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
  lock.recordDatabasePid(database.pid);
  cleanups.push({
    name: 'the embedded database',
    run: async () => {
      const { forced } = await database.stop();
      if (forced) log(`the embedded database had to be killed; see ${database.logPath}`);
    },
  });
  void database.exited.then((exit) => {
    if (isShuttingDown()) return;
    void shutdown(
      1,
      `the embedded database exited unexpectedly (${describeExit(exit)}); see ${database.logPath}`,
    );
  });
  log(`embedded PostgreSQL (PGlite) on port ${database.port} in ${Date.now() - started} ms`);
  return {
    url: database.url,
    description: `embedded PostgreSQL (PGlite), data in ${displayPath(config.dataDir)}`,
    embedded: true,
  };
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const loaded = loadDotEnvFile(path.join(projectRoot, '.env'));
  const config = readStartConfig(process.env, projectRoot);
  if (loaded.length > 0) log(`read ${loaded.join(', ')} from .env`);

  // Cheap checks first: nothing has been started yet when these fail.
  await assertPortFree(config.port, config.host);
  const database = await startDatabase(config);

  // What the app (and the seeder in this process) read; everything else passes through.
  process.env.DATABASE_URL = database.url;
  // The app derives defaults from PORT (APP_URL); keep them in step with the port it serves on.
  process.env.PORT = String(config.port);
  if (config.databasePoolSize === undefined && database.embedded) {
    process.env.DATABASE_POOL_SIZE = String(EMBEDDED_POOL_SIZE);
  }

  const migrationStart = Date.now();
  const applied = await migrate(database.url);
  log(
    applied.length > 0
      ? `applied ${applied.length} migration(s) in ${Date.now() - migrationStart} ms: ${applied.join(', ')}`
      : 'database schema is up to date',
  );

  let demoData: 'present' | 'absent' | 'unknown' = 'absent';
  if (database.embedded || config.seedDemo) {
    const seedStart = Date.now();
    const outcome = await seedDemoDataIfEmpty(database.url, (line) => log(`seed: ${line}`));
    switch (outcome) {
      case 'seeded':
        log(`demo data seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
        demoData = 'present';
        break;
      case 'not-empty':
        log('the database already holds accounts: not seeding');
        demoData = 'present';
        break;
      case 'seeder-missing':
        log('demo data skipped: prisma/seed/index.ts does not exist in this checkout');
        demoData = 'unknown';
        break;
      default: {
        const unexpected: never = outcome;
        throw new Error(`unexpected seed outcome ${String(unexpected)}`);
      }
    }
  }

  if (!hasBuild()) {
    log('no build found (.next/BUILD_ID): running next build, this takes a minute or two');
    const buildStart = Date.now();
    let build: ChildProcess | undefined;
    cleanups.push({
      name: 'next build',
      run: async () => {
        if (build) await stopChild(build, 'next build');
      },
    });
    await buildApp(process.env, (child) => {
      build = child;
    });
    log(`built in ${((Date.now() - buildStart) / 1000).toFixed(1)} s`);
  }

  const worker = startWorkerProcess(process.env);
  cleanups.push({ name: 'worker', run: () => stopChild(worker, 'worker') });
  void waitForExit(worker).then((exit) => {
    if (isShuttingDown() || exit.code === 130 || exit.signal === 'SIGINT') return;
    log(
      `the job worker exited (${describeExit(exit)}): SMS reminders and confirmations wait until the next start (or run npm run worker)`,
    );
  });

  const app = serveApp(process.env, config.port, config.host);
  cleanups.push({ name: 'next start', run: () => stopChild(app, 'next start') });
  const appExited = waitForExit(app);
  void appExited.then((exit) => {
    if (isShuttingDown()) return;
    // Ctrl-C reaches the whole process group: Next may see SIGINT (and exit 130) before we do.
    if (exit.code === 130 || exit.signal === 'SIGINT') {
      void shutdown(0);
      return;
    }
    void shutdown(1, `next start exited unexpectedly (${describeExit(exit)})`);
  });

  await waitForHealthy(probeUrl(config, '/api/health'), appExited);
  const banner = await readyBanner({
    url: publicUrl(config),
    database: database.description,
    demoData,
    smsLog: (process.env.SMS_TRANSPORT ?? 'log') === 'log',
  });
  console.log(`\n${banner}`);
  log(`started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

process.on('SIGINT', onStopSignal);
process.on('SIGTERM', onStopSignal);

main().catch((error: unknown) => {
  // Errors are expected to be StartupErrors; anything else is still reported in one line.
  if (process.env.START_DEBUG === '1') {
    const cause = error instanceof StartupError && error.cause !== undefined ? error.cause : error;
    console.error(cause instanceof Error ? cause.stack : cause);
  }
  void shutdown(1, error instanceof StartupError ? error.message : firstLine(error));
});
