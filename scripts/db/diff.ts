/**
 * `npm run db:diff -- --name add_something`: writes prisma/migrations/<timestamp>_add_something/
 * with the SQL that takes the committed migrations to prisma/schema.prisma.
 * `npm run db:check`: exits 1 when the schema and the migrations disagree (used by CI).
 *
 * Both build the migrations in a temporary shadow database on the server at DATABASE_URL.
 * Hand-written SQL the schema cannot express (checks, triggers) goes at the end of a
 * migration.sql; the engine does not see those objects, so they never show up as drift.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeDatabaseError } from '../../lib/server/db-errors';
import { diffMigrationsToSchema, isEmptyMigration, migrationsDir } from './schema-engine';

const { values } = parseArgs({
  options: { name: { type: 'string' }, check: { type: 'boolean', default: false } },
});
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'db:diff: DATABASE_URL must point at a PostgreSQL server (a shadow database is created there)',
  );
  process.exit(1);
}

let sql: string;
try {
  sql = await diffMigrationsToSchema(databaseUrl);
} catch (error) {
  console.error(`db:diff: ${describeDatabaseError(error, databaseUrl)}`);
  process.exit(1);
}

if (isEmptyMigration(sql)) {
  console.log('Schema and migrations agree.');
  process.exit(0);
}
if (values.check) {
  console.error('prisma/schema.prisma and prisma/migrations disagree. Missing SQL:\n');
  console.error(sql);
  console.error('\nRun `npm run db:diff -- --name <what_changed>` and commit the new migration.');
  process.exit(1);
}
if (!values.name || !/^[a-z0-9_]+$/.test(values.name)) {
  console.log(sql);
  console.error('\nPass --name <snake_case_name> to write this as a new migration.');
  process.exit(values.name ? 1 : 0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${values.name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, 'migration.sql'), `${sql}\n`);
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
