/** Building and serving the Next.js app as child processes of the launcher. */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../db/schema-engine';
import { describeExit, type TChildExit, tsxLoaderUrl, waitForExit } from '../embedded-db/client';
import { StartupError } from './startup-error';

const nextBin = path.join(projectRoot, 'node_modules/.bin/next');

export function hasBuild(): boolean {
  return existsSync(path.join(projectRoot, '.next/BUILD_ID'));
}

function assertNextInstalled(): void {
  if (!existsSync(nextBin)) {
    throw new StartupError(
      'next is not installed (node_modules/.bin/next is missing); run npm install',
    );
  }
}

/**
 * `next build` with its output streamed to ours. The child is returned through `onSpawn` so
 * that a Ctrl-C during the build can stop it.
 */
export async function buildApp(
  env: NodeJS.ProcessEnv,
  onSpawn: (child: ChildProcess) => void,
): Promise<void> {
  assertNextInstalled();
  const child = spawn(nextBin, ['build'], { cwd: projectRoot, env, stdio: 'inherit' });
  onSpawn(child);
  const exit = await waitForExit(child);
  if (exit.code !== 0) {
    throw new StartupError(`next build failed (${describeExit(exit)}); see its output above`);
  }
}

/**
 * Serves the build through scripts/serve.ts (Next behind a server that records each request's
 * TCP peer, for the per-client limits), as a child process.
 */
export function serveApp(env: NodeJS.ProcessEnv, port: number, host: string): ChildProcess {
  assertNextInstalled();
  return fork(path.join(projectRoot, 'scripts/serve.ts'), [], {
    cwd: projectRoot,
    env: { ...env, PORT: String(port), HOST: host, NODE_ENV: 'production' },
    execArgv: ['--import', tsxLoaderUrl(), '--conditions=react-server'],
    stdio: 'inherit',
  });
}

/**
 * Polls the health route until it answers 200. Fails early if the app exits, and with a
 * reason if it never gets healthy (503 = the app runs but cannot reach the database).
 */
export async function waitForHealthy(
  url: string,
  appExited: Promise<TChildExit>,
  timeoutMs = 90_000,
): Promise<void> {
  let exit: TChildExit | undefined;
  void appExited.then((value) => {
    exit = value;
  });
  const deadline = Date.now() + timeoutMs;
  let lastStatus = 'no answer';
  while (Date.now() < deadline) {
    if (exit)
      throw new StartupError(`next start exited before it was ready (${describeExit(exit)})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      lastStatus = `HTTP ${response.status}`;
    } catch {
      lastStatus = 'no answer';
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new StartupError(
    `the app did not become healthy within ${Math.round(timeoutMs / 1000)} s (${url}: ${lastStatus}${lastStatus === 'HTTP 503' ? ', the database is unreachable from the app' : ''})`,
  );
}
