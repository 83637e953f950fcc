/**
 * End-to-end checks of the zero-setup launcher (scripts/start.ts) and of the embedded
 * PostgreSQL child. None of these needs a Next build: the failure modes are all detected
 * before `next build` / `next start` would run, and the database child is tested alone.
 * Ports 3100-3199 and DATA_DIRs under /tmp/kv-start-* only (shared machine).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from './embedded-db/client';

const projectRoot = path.resolve(import.meta.dirname, '..');
const tsxBin = path.join(projectRoot, 'node_modules/.bin/tsx');
const tempDirs: string[] = [];

function tempDataDir(): string {
  const dir = mkdtempSync('/tmp/kv-start-test-');
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

type TRun = { code: number | null; stdout: string; stderr: string };

/**
 * Runs `npm start`'s command with a controlled environment. DATABASE_URL is always given
 * (empty = embedded) so neither the test runner's nor a developer's .env value leaks in.
 */
function runStart(env: Record<string, string>, timeoutMs = 60_000): Promise<TRun> {
  const { DATABASE_URL: _ignored, SEED_DEMO: _alsoIgnored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(tsxBin, ['--conditions=react-server', 'scripts/start.ts'], {
      cwd: projectRoot,
      env: { ...inherited, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`start did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectOneLineFailure(run: TRun, pattern: RegExp): void {
  expect(run.code).not.toBe(0);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

function listen(port: number, host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

describe('npm start fails fast with one line', () => {
  it('rejects a PORT that is not a port number', async () => {
    const run = await runStart({ PORT: 'eighty', DATA_DIR: tempDataDir() });
    expectOneLineFailure(run, /PORT/);
  });

  it('refuses a port already in use, before starting anything', async () => {
    const blocker = await listen(3151, '0.0.0.0');
    const dataDir = path.join(tempDataDir(), 'data');
    try {
      const run = await runStart({ PORT: '3151', DATA_DIR: dataDir });
      expectOneLineFailure(run, /3151.*in use/);
      // Checked before anything started: DATA_DIR was not even created.
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('explains an unreachable DATABASE_URL', async () => {
    // Nothing listens on 3199 in this range by convention of this test file.
    const run = await runStart({
      PORT: '3152',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:3199/postgres',
    });
    expectOneLineFailure(run, /cannot reach PostgreSQL at postgresql:\/\/127\.0\.0\.1:3199/);
  });

  it('explains a DATABASE_URL that is not a URL', async () => {
    const run = await runStart({ PORT: '3153', DATABASE_URL: 'not a url' });
    expectOneLineFailure(run, /DATABASE_URL/);
  });

  it('explains a corrupted DATA_DIR and says how to recover', async () => {
    const dataDir = tempDataDir();
    // A PostgreSQL data folder whose files are garbage.
    mkdirSync(path.join(dataDir, 'pglite/global'), { recursive: true });
    writeFileSync(path.join(dataDir, 'pglite/PG_VERSION'), 'garbage\n');
    writeFileSync(path.join(dataDir, 'pglite/global/pg_control'), 'garbage');
    const run = await runStart({ PORT: '3154', DATA_DIR: dataDir });
    expectOneLineFailure(run, /DATA_DIR .* does not hold a usable database .*move it away/);
    // The failed start undid itself: no lock is left behind.
    expect(existsSync(path.join(dataDir, 'start.lock'))).toBe(false);
  });

  it('explains a DATA_DIR that cannot be written', async () => {
    const file = path.join(tempDataDir(), 'a-file');
    writeFileSync(file, '');
    const run = await runStart({ PORT: '3155', DATA_DIR: path.join(file, 'data') });
    expectOneLineFailure(run, /DATA_DIR .* is not writable/);
  });

  it('refuses a DATA_DIR in use by another live instance', async () => {
    const dataDir = tempDataDir();
    // This test process is alive: its pid in the lock means "in use".
    writeFileSync(path.join(dataDir, 'start.lock'), JSON.stringify({ pid: process.pid }));
    const run = await runStart({ PORT: '3156', DATA_DIR: dataDir });
    expectOneLineFailure(run, new RegExp(`already in use by .*pid ${process.pid}`));
  });
});

describe('embedded PostgreSQL child', () => {
  it('starts, serves pg connections and keeps data across a stop and a start', async () => {
    const dataDir = tempDataDir();
    const first = await startEmbeddedDatabase({ dataDir });
    try {
      const client = new pg.Client(first.url);
      await client.connect();
      await client.query('CREATE TABLE kept (value text)');
      await client.query("INSERT INTO kept VALUES ('survives a restart')");
      await client.end();
    } finally {
      expect(await first.stop()).toEqual({ forced: false });
    }
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      const client = new pg.Client(second.url);
      await client.connect();
      const result = await client.query<{ value: string }>('SELECT value FROM kept');
      await client.end();
      expect(result.rows).toEqual([{ value: 'survives a restart' }]);
    } finally {
      await second.stop();
    }
  }, 90_000);

  it('serves several connections at once (the app pool plus the launcher)', async () => {
    const database = await startEmbeddedDatabase({ dataDir: tempDataDir() });
    try {
      const pool = new pg.Pool({ connectionString: database.url, max: 8 });
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, index) =>
          pool.query<{ n: number }>('SELECT $1::int AS n', [index]),
        ),
      );
      await pool.end();
      expect(answers.map((answer) => answer.rows[0]?.n)).toEqual(
        Array.from({ length: 16 }, (_, index) => index),
      );
    } finally {
      await database.stop();
    }
  }, 90_000);
});
