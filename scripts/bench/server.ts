/**
 * Starts the built app (`next start`) against a given database for a benchmark, and stops it.
 * The benchmark and the server share the machine's 2 cores: figures are for that setup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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
  const child: ChildProcess = spawn(
    path.join(root, 'node_modules/.bin/next'),
    ['start', '-p', String(options.port), '-H', '127.0.0.1'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        APP_URL: url,
        DATABASE_POOL_SIZE: '16',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
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
