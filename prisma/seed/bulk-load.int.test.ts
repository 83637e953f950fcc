/**
 * The large-seed path drops the big tables' foreign keys and secondary indexes and puts them
 * back: afterwards the catalog must be exactly what the migrations made, and the constraints
 * must be enforced again.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createMigratedTestDatabase,
  type MigratedTestDatabase,
} from '../../test/integration/fresh-database';
import { deferBulkConstraints } from './bulk-load';

let database: MigratedTestDatabase;
let client: pg.Client;

const CATALOG = `
  SELECT 'constraint' AS kind, conname AS name, pg_get_constraintdef(oid) AS definition, convalidated AS valid
    FROM pg_constraint WHERE conrelid IN ('ledger_entry'::regclass, 'payment'::regclass)
  UNION ALL
  SELECT 'index', c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
   WHERE i.indrelid IN ('ledger_entry'::regclass, 'payment'::regclass)
  ORDER BY 1, 2`;

beforeAll(async () => {
  database = await createMigratedTestDatabase(inject('testServerUrl'));
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('deferBulkConstraints', () => {
  it('drops the foreign keys and indexes, then restores exactly what the migrations made', async () => {
    const before = (await client.query(CATALOG)).rows;
    const restore = await deferBulkConstraints(client);
    const during = (await client.query(CATALOG)).rows;
    expect(
      during
        .filter((row) => row.kind === 'index')
        .map((row) => row.name)
        .sort(),
    ).toEqual(['ledger_entry_pkey', 'payment_pkey']);
    expect(during.some((row) => String(row.definition).startsWith('FOREIGN KEY'))).toBe(false);
    await restore();
    expect((await client.query(CATALOG)).rows).toEqual(before);
  });

  it('enforces the restored foreign keys again', async () => {
    await expect(
      client.query(
        `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, memo, effective_at)
         VALUES (999999, 'ADJUSTMENT', 100, 'orphan', now())`,
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
