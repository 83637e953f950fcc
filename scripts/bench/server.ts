/**
 * Starts the built app (`next start`) against a given database for a benchmark, and stops it.
 * The benchmark and the server share the machine's 2 cores: figures are for that setup.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export type BenchServer = { url: string; stop: () => Promise<void> };

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
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('the app did not become healthy within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
