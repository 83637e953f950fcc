/**
 * The launcher's settings, read from the environment (after .env) and validated up front so
 * that a bad value fails with one line before anything starts. The app's own settings are
 * validated by lib/server/env.ts; the launcher only passes them through.
 */
import path from 'node:path';
import { StartupError } from './startup-error';

export type TStartConfig = {
  port: number;
  /** Interface `next start` binds to. */
  host: string;
  /** Absolute path of DATA_DIR (used only by the embedded database). */
  dataDir: string;
  /** An external PostgreSQL; undefined = start the embedded one. */
  databaseUrl: string | undefined;
  /** Seed demo data into an empty external database too. */
  seedDemo: boolean;
  /** DATABASE_POOL_SIZE as given, if any (the embedded database gets a small default). */
  databasePoolSize: number | undefined;
};

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_DATA_DIR = './.data';

/** Unset and empty mean the same: "not configured". */
function setting(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StartupError(`PORT must be a whole number from 1 to 65535 (got "${value}")`);
  }
  return port;
}

export function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalized = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  throw new StartupError(`${name} must be 1/true or 0/false (got "${value}")`);
}

export function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StartupError(
      'DATABASE_URL is not a valid PostgreSQL URL (expected postgresql://user:password@host:5432/database)',
    );
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new StartupError(`DATABASE_URL must start with postgresql:// (got ${url.protocol}//...)`);
  }
  return value;
}

function parsePoolSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > 100) {
    throw new StartupError(
      `DATABASE_POOL_SIZE must be a whole number from 1 to 100 (got "${value}")`,
    );
  }
  return size;
}

export function readStartConfig(
  env: Record<string, string | undefined>,
  cwd: string,
): TStartConfig {
  return {
    port: parsePort(setting(env, 'PORT')),
    host: setting(env, 'HOST') ?? DEFAULT_HOST,
    dataDir: path.resolve(cwd, setting(env, 'DATA_DIR') ?? DEFAULT_DATA_DIR),
    databaseUrl: parseDatabaseUrl(setting(env, 'DATABASE_URL')),
    seedDemo: parseBoolean('SEED_DEMO', setting(env, 'SEED_DEMO')),
    databasePoolSize: parsePoolSize(setting(env, 'DATABASE_POOL_SIZE')),
  };
}

/** The address people type: wildcard binds are reachable as localhost. */
export function publicUrl(config: Pick<TStartConfig, 'host' | 'port'>): string {
  const wildcard = ['0.0.0.0', '::', '[::]', 'localhost', '127.0.0.1'].includes(config.host);
  const host = wildcard
    ? 'localhost'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  return `http://${host}:${config.port}`;
}

/** Where the launcher itself probes the app (a wildcard bind answers on loopback). */
export function probeUrl(config: Pick<TStartConfig, 'host' | 'port'>, pathname: string): string {
  const host = ['0.0.0.0', '::', '[::]', 'localhost'].includes(config.host)
    ? '127.0.0.1'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  return `http://${host}:${config.port}${pathname}`;
}
