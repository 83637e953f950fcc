import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE, liveHolder, parseLock } from './data-dir';
import { StartupError } from './startup-error';

describe('liveHolder', () => {
  const alive = (pids: number[]) => (pid: number) => pids.includes(pid);

  it.each([
    ['no lock', undefined, [], undefined],
    ['a dead launcher and no database', { pid: 10 }, [], undefined],
    ['a live launcher', { pid: 10, databasePid: 11 }, [10], 10],
    ['a dead launcher whose database is still closing', { pid: 10, databasePid: 11 }, [11], 11],
    ['both dead (stale)', { pid: 10, databasePid: 11 }, [], undefined],
    ['our own pid (a retried start in this process)', { pid: 99 }, [99], undefined],
  ])('%s', (_case, lock, livePids, expected) => {
    expect(liveHolder(lock, alive(livePids), 99)).toBe(expected);
  });
});

describe('parseLock', () => {
  it('reads what acquireDataDirLock writes and rejects garbage', () => {
    expect(parseLock('{"pid":12,"databasePid":13,"startedAt":"x"}')).toEqual({
      pid: 12,
      databasePid: 13,
    });
    expect(parseLock('{"pid":"12"}')).toBeUndefined();
    expect(parseLock('not json')).toBeUndefined();
  });
});

describe('acquireDataDirLock', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync('/tmp/kv-start-lock-');
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates, records the database pid, and releases the lock', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    lock.recordDatabasePid(4242);
    expect(parseLock(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      databasePid: 4242,
    });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = tempDir();
    // pid 2^22 + 1 is above Linux's pid_max limit, so no such process can exist.
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 4_194_305 }));
    const lock = acquireDataDirLock(dir);
    expect(parseLock(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))?.pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock held by a live process, naming it', () => {
    const dir = tempDir();
    // pid 1 always exists.
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1 }));
    expect(() => acquireDataDirLock(dir)).toThrow(StartupError);
    expect(() => acquireDataDirLock(dir)).toThrow(/already in use by another npm start \(pid 1\)/);
  });
});
