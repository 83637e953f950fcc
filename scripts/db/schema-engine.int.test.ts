/**
 * The WebAssembly schema engine against a real PostgreSQL server: migrations apply once, the
 * committed schema matches the committed migrations, and a schema change shows up as drift
 * without leaving shadow databases behind.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../test/database';
import {
  applyMigrations,
  diffMigrationsToSchema,
  isEmptyMigration,
  loadMigrations,
  migrationsDir,
  schemaPath,
} from './schema-engine';

const databaseUrl = inject('databaseUrl');
const serverUrl = inject('testServerUrl');
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase(serverUrl);
  cleanups.push(() => dropTestDatabase(database.name, serverUrl));
  return database;
}

async function shadowDatabases(): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const result = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_migrate\\_shadow\\_db\\_%'`,
    );
    return new Set(result.rows.map((row) => row.datname));
  } finally {
    await client.end();
  }
}

/**
 * Shadow databases that appeared since `before` and are still there. Waits a little, because
 * other processes on the same server (a parallel `npm run db:check`) may own short-lived ones.
 */
async function leftoverShadows(before: Set<string>): Promise<string[]> {
  let leftover: string[] = [];
  for (let attempt = 0; attempt < 20; attempt += 1) {
    leftover = [...(await shadowDatabases())].filter((name) => !before.has(name));
    if (leftover.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return leftover;
}

describe('applyMigrations', () => {
  it('applies every migration to a fresh database, then is a no-op', async () => {
    const database = await freshDatabase();
    const committed = (await loadMigrations()).migrationDirectories.map((dir) => dir.path);
    expect(committed.length).toBeGreaterThan(0);

    expect(await applyMigrations(database.url)).toEqual(committed);
    expect(await applyMigrations(database.url)).toEqual([]);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query<{ migration_name: string }>(
        `SELECT migration_name FROM _prisma_migrations
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      );
      expect(applied.rows.map((row) => row.migration_name)).toEqual(committed);
    } finally {
      await client.end();
    }
  });

  it('leaves the run database (migrated by the global setup) up to date', async () => {
    expect(await applyMigrations(databaseUrl)).toEqual([]);
  });
});

describe('diffMigrationsToSchema', () => {
  it('finds no drift between prisma/schema.prisma and prisma/migrations', async () => {
    const before = await shadowDatabases();
    const sql = await diffMigrationsToSchema(databaseUrl);
    expect(isEmptyMigration(sql), `unexpected drift:\n${sql}`).toBe(true);
    expect(await leftoverShadows(before)).toEqual([]);
  });

  it('reports an added field as SQL, and cleans up its shadow database', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kvartplata-drift-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const changedSchemaPath = path.join(dir, 'schema.prisma');
    const changedMigrationsDir = path.join(dir, 'migrations');
    await cp(migrationsDir, changedMigrationsDir, { recursive: true });

    const schema = await readFile(schemaPath, 'utf8');
    const changed = schema.replace(
      /^model District \{\n/m,
      'model District {\n  nickname  String?\n',
    );
    expect(changed).not.toBe(schema);
    await writeFile(changedSchemaPath, changed);

    const before = await shadowDatabases();
    const sql = await diffMigrationsToSchema(databaseUrl, {
      schemaPath: changedSchemaPath,
      migrationsDir: changedMigrationsDir,
    });
    expect(isEmptyMigration(sql)).toBe(false);
    expect(sql).toMatch(/ALTER TABLE "district" ADD COLUMN\s+"nickname" TEXT/);
    expect(await leftoverShadows(before)).toEqual([]);
  });
});
