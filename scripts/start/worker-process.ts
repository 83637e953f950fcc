import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../db/schema-engine';
import { tsxLoaderUrl } from '../embedded-db/client';

/**
 * The job worker (scripts/worker.ts: SMS reminder runs, confirmations after payments and STOP
 * replies) as a child process of `npm start`, on the same database as the app. Separate from
 * the app so that a slow reminder run never competes with page rendering in one event loop,
 * and so that production runs it the same way: `npm run worker`, as many as wanted.
 */
export function startWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return fork(path.join(projectRoot, 'scripts/worker.ts'), [], {
    cwd: projectRoot,
    env,
    execArgv: ['--import', tsxLoaderUrl(), '--conditions=react-server'],
    stdio: 'inherit',
  });
}
