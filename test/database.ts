/**
 * Throwaway databases for tests: the integration runner (test/integration/global-setup.ts) and
 * Playwright (e2e/global-setup.ts) each create a fresh database on the server at
 * TEST_DATABASE_URL and drop it when they finish.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeDatabaseError } from '../lib/server/db-errors';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_TEST_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The server tests create their databases on (any database of it; `postgres` by default). */
export function testServerUrl(env: Env = process.env): string {
  return env.TEST_DATABASE_URL || DEFAULT_TEST_SERVER_URL;
}

/** `kvartplata_test_<timestamp>_<random>`: sortable, unique, a safe SQL identifier. */
export function freshDatabaseName(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `kvartplata_test_${stamp}_${randomBytes(4).toString('hex')}`;
}

/** The same server URL pointing at another database (credentials and options kept). */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteName(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`refusing unsafe database name: ${name}`);
  return `"${name}"`;
}

/** An error whose message is the whole story (no stack trace is worth printing with it). */
export class TestDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestDatabaseError';
    this.stack = `${this.name}: ${message}`;
  }
}

/** Runs `sql` on the server's maintenance connection, turning connection failures into one line. */
async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new TestDatabaseError(
      `${describeDatabaseError(error, serverUrl)} — tests need a PostgreSQL server, set TEST_DATABASE_URL`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type TestDatabase = { name: string; url: string };

export async function createTestDatabase(
  serverUrl: string = testServerUrl(),
): Promise<TestDatabase> {
  const name = freshDatabaseName();
  await onServer(serverUrl, `CREATE DATABASE ${quoteName(name)}`);
  return { name, url: databaseUrlFor(serverUrl, name) };
}

/** Drops the database, disconnecting whoever still uses it. */
export async function dropTestDatabase(
  name: string,
  serverUrl: string = testServerUrl(),
): Promise<void> {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${quoteName(name)} WITH (FORCE)`);
}

/** KEEP_TEST_DB=1 keeps the run's database for inspection. */
export function keepTestDatabase(env: Env = process.env): boolean {
  return env.KEEP_TEST_DB === '1' || env.KEEP_TEST_DB === 'true';
}
