/**
 * Playwright globalSetup: a fresh database on TEST_DATABASE_URL's server, the app started the
 * way users start it (`scripts/start.ts`: migrations, demo data, build when missing, `next
 * start`), and a teardown that stops it with SIGINT (Ctrl-C) and drops the database.
 * With E2E_BASE_URL set, tests run against that already-running app instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  dropTestDatabase,
  keepTestDatabase,
  testServerUrl,
} from '../test/database';

const root = path.resolve(import.meta.dirname, '..');
const START_SCRIPT = 'scripts/start.ts';
/** A first start builds the app (`next build`), which takes minutes on two cores. */
const READY_TIMEOUT_MS = Number(process.env.E2E_READY_TIMEOUT_MS ?? 10 * 60_000);

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

/** One-line failure: Playwright prints the message; a stack adds nothing here. */
function fail(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Polls /api/health until 200; fails early when the server process exits. */
async function waitUntilHealthy(baseUrl: string, server?: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) {
      throw fail(`the app exited with code ${server.exitCode} before it was ready`);
    }
    if (server?.signalCode)
      throw fail(`the app was killed (${server.signalCode}) before it was ready`);
    if (await isHealthy(baseUrl)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw fail(`${baseUrl}/api/health did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

function newestSourceChange(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSourceChange(full));
    } else if (!/\.test\.tsx?$/.test(entry.name)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * The start script builds only when there is no build. Tests must not pass against yesterday's
 * build, so an existing build older than the app's sources is rebuilt first.
 */
function buildIsStale(): boolean {
  const buildId = path.join(root, '.next/BUILD_ID');
  if (!existsSync(buildId)) return false; // the start script builds it
  const builtAt = statSync(buildId).mtimeMs;
  const sources = ['app', 'lib', 'public', 'components'].map((dir) =>
    newestSourceChange(path.join(root, dir)),
  );
  const configs = ['proxy.ts', 'next.config.js', 'postcss.config.mjs', 'package-lock.json']
    .map((file) => path.join(root, file))
    .filter((file) => existsSync(file))
    .map((file) => statSync(file).mtimeMs);
  return Math.max(...sources, ...configs) > builtAt;
}

function run(command: string, args: string[], logFd: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', logFd, logFd] });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

function exited(server: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Ctrl-C to the server's whole process group (tsx, the start script, next, the db if any). */
function signalGroup(server: ChildProcess, signal: NodeJS.Signals): void {
  if (server.pid === undefined) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    // already gone
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  signalGroup(server, 'SIGINT');
  if (!(await exited(server, 20_000))) {
    log('the app did not stop within 20 s of SIGINT; killing it');
    signalGroup(server, 'SIGKILL');
    await exited(server, 5_000);
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    log(`testing the running app at ${external}`);
    await waitUntilHealthy(external);
    return async () => {};
  }

  const port = Number(process.env.E2E_PORT);
  const baseUrl = `http://127.0.0.1:${port}`;
  if (!existsSync(path.join(root, START_SCRIPT))) {
    throw fail(`${START_SCRIPT} is missing: the e2e tests start the app through it`);
  }
  if (!(await portIsFree(port))) {
    throw fail(`port ${port} is taken; choose another with E2E_PORT=<port>`);
  }

  const serverUrl = testServerUrl();
  const database = await createTestDatabase(serverUrl);
  // Test workers inherit the runner's environment: helpers that read the app's data (e.g. the
  // SMS codes in e2e/auth/sms-codes.ts) connect with this.
  process.env.E2E_DATABASE_URL = database.url;
  const logFile = path.join(tmpdir(), `${database.name}.log`);
  const logFd = openSync(logFile, 'a');
  let server: ChildProcess | undefined;

  const teardown = async () => {
    if (server) await stopServer(server);
    if (keepTestDatabase()) log(`KEEP_TEST_DB=1: kept database ${database.url}`);
    else await dropTestDatabase(database.name, serverUrl);
  };

  try {
    if (buildIsStale()) {
      log(`the build in .next is older than the sources: rebuilding (output in ${logFile})`);
      const code = await run(path.join(root, 'node_modules/.bin/next'), ['build'], logFd);
      if (code !== 0) throw fail(`next build failed (exit ${code}):\n${tail(logFile)}`);
    }
    log(`starting the app on ${baseUrl} with database ${database.name} (log: ${logFile})`);
    const started = Date.now();
    server = spawn(
      path.join(root, 'node_modules/.bin/tsx'),
      ['--conditions=react-server', START_SCRIPT],
      {
        cwd: root,
        // Its own process group, so that teardown can Ctrl-C everything it started.
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          SEED_DEMO: '1',
          PORT: String(port),
          // The test runner stands in for the reverse proxy: each test chooses its client
          // address in X-Forwarded-For, as nginx would set it (docs/deployment.md).
          TRUSTED_PROXIES: 'loopback',
        },
      },
    );
    const child = server;
    process.once('exit', () => signalGroup(child, 'SIGKILL'));
    try {
      await waitUntilHealthy(baseUrl, server);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw fail(`${reason}\n--- last lines of ${logFile} ---\n${tail(logFile)}`);
    }
    log(`app ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
