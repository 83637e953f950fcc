/**
 * DATA_DIR ownership. PGlite does not lock its data folder, and two processes writing one
 * folder corrupt it, so the launcher keeps a lock file there: DATA_DIR/start.lock holds the
 * pids of the launcher and of its database child. A lock whose pids are all gone (a crash,
 * kill -9, a reboot) is stale and taken over.
 */
import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from './startup-error';

export const LOCK_FILE = 'start.lock';

export type TLockContent = { pid: number; databasePid?: number; startedAt?: string };

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Creates DATA_DIR if needed and proves we can write into it. */
export function ensureWritableDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    // access() trusts permission bits; a read-only mount only shows on a real write.
    const probe = path.join(dataDir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new StartupError(
      `DATA_DIR ${dataDir} is not writable (${errorCode(error) ?? 'error'}); set DATA_DIR to a folder this user can write`,
    );
  }
}

export function parseLock(text: string): TLockContent | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const pid = Reflect.get(value, 'pid');
    const databasePid = Reflect.get(value, 'databasePid');
    if (!Number.isInteger(pid)) return undefined;
    return {
      pid: pid as number,
      databasePid: Number.isInteger(databasePid) ? (databasePid as number) : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Signal 0 probes for existence; EPERM means it exists but belongs to another user. */
export function isProcessAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** The live pid holding a lock, or undefined when the lock is stale (or unreadable). */
export function liveHolder(
  lock: TLockContent | undefined,
  isAlive: (pid: number) => boolean = isProcessAlive,
  ownPid: number = process.pid,
): number | undefined {
  if (!lock) return undefined;
  for (const pid of [lock.pid, lock.databasePid]) {
    if (pid !== undefined && pid !== ownPid && isAlive(pid)) return pid;
  }
  return undefined;
}

export type TDataDirLock = {
  /** Records the database child's pid so a crash of the launcher alone still reads as busy. */
  recordDatabasePid(pid: number): void;
  release(): void;
};

export function acquireDataDirLock(dataDir: string): TDataDirLock {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const content: TLockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  const write = (flag: 'wx' | 'w') =>
    writeFileSync(lockPath, `${JSON.stringify(content)}\n`, { flag });
  // Two attempts: the second one follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      write('wx');
      break;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt > 0) {
        throw new StartupError(
          `cannot create the lock file ${lockPath} (${errorCode(error) ?? 'error'})`,
        );
      }
      const holder = liveHolder(parseLock(readFileSync(lockPath, 'utf8')));
      if (holder !== undefined) {
        throw new StartupError(
          `DATA_DIR ${dataDir} is already in use by another npm start (pid ${holder}); stop it, use another DATA_DIR, or delete ${lockPath} if no such process is yours`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  let released = false;
  return {
    recordDatabasePid(pid) {
      content.databasePid = pid;
      write('w');
    },
    release() {
      if (released) return;
      released = true;
      rmSync(lockPath, { force: true });
    },
  };
}
