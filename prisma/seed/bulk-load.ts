import type pg from 'pg';

/** Tables whose foreign keys and secondary indexes a large seed builds after loading. */
const BULK_TABLES = ['ledger_entry', 'payment'] as const;

type Deferred = { table: string; kind: 'index' | 'foreign key'; name: string; definition: string };

/**
 * For a large seed into an empty database: drops the foreign keys and secondary indexes of the
 * two big tables (67 million ledger rows at 600,000 accounts) and returns a function that puts
 * them back exactly as the migrations made them, from their own catalog definitions.
 *
 * Why: checked row by row, the foreign keys cost ~4× the insert itself; added back afterwards,
 * each is validated by one set-based join, and each index is built in one sort. Nothing is
 * skipped: every constraint is re-validated over every row before the seed reports success
 * (a violation fails the seed). Triggers (the balance cache, append-only) stay on throughout.
 * If the seed dies in between, the database is half-built anyway and must be recreated.
 */
export async function deferBulkConstraints(
  client: pg.Client,
  log: (line: string) => void = () => {},
): Promise<() => Promise<void>> {
  const deferred: Deferred[] = [];
  for (const table of BULK_TABLES) {
    const fks = await client.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`,
      [table],
    );
    const indexes = await client.query<{ name: string; definition: string }>(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY c.relname`,
      [table],
    );
    for (const fk of fks.rows) deferred.push({ table, kind: 'foreign key', ...fk });
    for (const index of indexes.rows) deferred.push({ table, kind: 'index', ...index });
  }
  await client.query('BEGIN');
  for (const item of deferred) {
    await client.query(
      item.kind === 'foreign key'
        ? `ALTER TABLE "${item.table}" DROP CONSTRAINT "${item.name}"`
        : `DROP INDEX "${item.name}"`,
    );
  }
  await client.query('COMMIT');

  return async () => {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    // Indexes first (the foreign-key validation joins can use them), then the foreign keys.
    const ordered = [
      ...deferred.filter((d) => d.kind === 'index'),
      ...deferred.filter((d) => d.kind === 'foreign key'),
    ];
    const started = Date.now();
    for (const [i, item] of ordered.entries()) {
      const itemStarted = Date.now();
      await client.query(
        item.kind === 'index'
          ? item.definition
          : `ALTER TABLE "${item.table}" ADD CONSTRAINT "${item.name}" ${item.definition}`,
      );
      // Each step takes up to minutes at 600,000 accounts: say which one finished, and when.
      log(
        `${item.kind} ${i + 1}/${ordered.length} ${item.table}.${item.name}: ${seconds(Date.now() - itemStarted)} (phase ${seconds(Date.now() - started)})`,
      );
    }
    await client.query('RESET maintenance_work_mem');
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
