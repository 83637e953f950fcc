/**
 * Starts the built app (`next start`) against a given database for a benchmark, and stops it.
 * The benchmark and the server share the machine's 2 cores: figures are for that setup.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export type BenchServer = {
  url: string;
  /** The server's process id (its memory is read from /proc by the CSV benchmark). */
  pid: number;
  stop: () => Promise<void>;
};

export async function startBenchServer(options: {
  databaseUrl: string;
  port: number;
}): Promise<BenchServer> {
  if (!existsSync(path.join(root, '.next/BUILD_ID'))) {
    throw new Error('no build: run `npm run build` first');
  }
  const url = `http://127.0.0.1:${options.port}`;
  // The portal's own server (scripts/serve.ts), like npm start; the load generator is the
  // trusted proxy on loopback, so its X-Forwarded-For spreads the load over client addresses.
  const child: ChildProcess = fork(path.join(root, 'scripts/serve.ts'), [], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      APP_URL: url,
      DATABASE_POOL_SIZE: '16',
      NODE_ENV: 'production',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      TRUSTED_PROXIES: 'loopback',
    },
    execArgv: ['--import', 'tsx', '--conditions=react-server'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return waitUntilHealthy(child, url, '/api/health');
}

/**
 * Starts the trivial baseline app (scripts/bench/trivial-app, served by trivial-server.ts),
 * building it first when it has no build. Its one route is GET /ping.
 */
export async function startTrivialServer(options: { port: number }): Promise<BenchServer> {
  const dir = path.join(root, 'scripts/bench/trivial-app');
  if (!existsSync(path.join(dir, '.next/BUILD_ID'))) {
    console.log('building the trivial baseline app (scripts/bench/trivial-app)…');
    execFileSync(path.join(root, 'node_modules/.bin/next'), ['build', dir], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
  }
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = fork(path.join(root, 'scripts/bench/trivial-server.ts'), [], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(options.port), HOST: '127.0.0.1' },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return waitUntilHealthy(child, url, '/ping');
}

async function waitUntilHealthy(
  child: ChildProcess,
  url: string,
  probe: string,
): Promise<BenchServer> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${url}${probe}`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${url}${probe} did not answer within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
