/**
 * `npm run db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL
 * with the WebAssembly schema engine. Re-running is a no-op.
 */
import { describeDatabaseError } from '../../lib/server/db-errors';
import { applyMigrations } from './schema-engine';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'db:migrate: DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/kvartplata)',
  );
  process.exit(1);
}
try {
  const applied = await applyMigrations(databaseUrl);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
      : 'Database is up to date.',
  );
} catch (error) {
  console.error(`db:migrate: ${describeDatabaseError(error, databaseUrl)}`);
  process.exit(1);
}
