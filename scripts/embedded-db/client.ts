/**
 * Spawn / wait / stop helpers for the embedded PostgreSQL child (./server.ts).
 * The child writes its own output to DATA_DIR/embedded-db.log so that a start-up failure
 * surfaces here as one line, not as PGlite's raw output.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EMBEDDED_DB_LOG, isEmbeddedDbMessage, PGLITE_SUBDIR } from './protocol';

export type TEmbeddedDbFailureKind = 'unusable-data-dir' | 'start-failed' | 'timeout';

/** A start-up failure with a one-line, user-facing message. */
export class EmbeddedDbError extends Error {
  constructor(
    readonly kind: TEmbeddedDbFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedDbError';
  }
}

export type TChildExit = { code: number | null; signal: NodeJS.Signals | null };

export type TEmbeddedDatabase = {
  /** postgresql:// URL the app and the tooling connect with. */
  url: string;
  port: number;
  pid: number;
  logPath: string;
  /** Resolves when the child exits, for whatever reason. */
  exited: Promise<TChildExit>;
  /**
   * SIGTERM, then wait for PGlite to close; SIGKILL after `timeoutMs` (data may then be lost,
   * so the result says whether it had to). Idempotent.
   */
  stop(timeoutMs?: number): Promise<{ forced: boolean }>;
};

export type TStartEmbeddedDatabaseOptions = {
  /** DATA_DIR; PGlite's files go to DATA_DIR/pglite. */
  dataDir: string;
  host?: string;
  /** 0 (default) lets the child pick a free port. */
  port?: number;
  /** Must stay above the app's pool size plus the launcher's own connections. */
  maxConnections?: number;
  /** A first start runs initdb (~2-3 s); allow for slow machines. */
  startTimeoutMs?: number;
};

const serverPath = path.join(import.meta.dirname, 'server.ts');

/** The child is TypeScript: it runs on node with tsx's loader, resolved from this project. */
export function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

export function waitForExit(child: ChildProcess): Promise<TChildExit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

export function describeExit(exit: TChildExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? '?'}`;
}

export async function startEmbeddedDatabase(
  options: TStartEmbeddedDatabaseOptions,
): Promise<TEmbeddedDatabase> {
  const { dataDir, host = '127.0.0.1', port = 0, maxConnections = 32 } = options;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const pgliteDir = path.join(dataDir, PGLITE_SUBDIR);
  const logPath = path.join(dataDir, EMBEDDED_DB_LOG);
  mkdirSync(dataDir, { recursive: true });
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = fork(serverPath, [pgliteDir, host, String(port), String(maxConnections)], {
      execArgv: ['--import', tsxLoaderUrl()],
      stdio: ['ignore', logFd, logFd, 'ipc'],
    });
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(logFd);
  }
  const exited = waitForExit(child);
  const { pid } = child;
  if (pid === undefined) {
    throw new EmbeddedDbError('start-failed', 'could not spawn the embedded PostgreSQL process');
  }

  const readyPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new EmbeddedDbError(
          'timeout',
          `embedded PostgreSQL did not start within ${Math.round(startTimeoutMs / 1000)} s (see ${logPath})`,
        ),
      );
    }, startTimeoutMs);
    child.on('message', (message: unknown) => {
      if (!isEmbeddedDbMessage(message)) return;
      clearTimeout(timer);
      switch (message.type) {
        case 'ready':
          resolve(message.port);
          return;
        case 'open-failed':
          reject(
            new EmbeddedDbError(
              'unusable-data-dir',
              `DATA_DIR ${dataDir} does not hold a usable database (${message.reason}); move it away to start fresh`,
            ),
          );
          return;
        case 'start-failed':
          reject(
            new EmbeddedDbError(
              'start-failed',
              `embedded PostgreSQL failed to start: ${message.reason} (see ${logPath})`,
            ),
          );
          return;
        default: {
          const unexpected: never = message;
          throw new Error(`unexpected message ${JSON.stringify(unexpected)}`);
        }
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      // A no-op when a message already settled the promise.
      reject(
        new EmbeddedDbError(
          'start-failed',
          `embedded PostgreSQL exited during start-up (${describeExit(exit)}; see ${logPath})`,
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await exited;
    throw error;
  });

  let stopping: Promise<{ forced: boolean }> | undefined;
  const stop = (timeoutMs = 20_000): Promise<{ forced: boolean }> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return { forced: false };
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const forced = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (forced) {
        child.kill('SIGKILL');
        await exited;
      }
      if (child.connected) child.disconnect();
      return { forced };
    })();
    return stopping;
  };

  return {
    url: `postgresql://postgres:postgres@${host}:${readyPort}/postgres`,
    port: readyPort,
    pid,
    logPath,
    exited,
    stop,
  };
}
