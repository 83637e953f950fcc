import 'server-only';
import pg from 'pg';
import { getEnv } from './env';

const globalForPg = globalThis as unknown as { kvartplataPgPool?: pg.Pool };

/**
 * A small plain `pg` pool for the few reads that must stream (the dialer's full call list):
 * a cursor-like keyset walk inside one REPEATABLE READ transaction, which an ORM call that
 * returns whole arrays cannot do without loading every row.
 */
export function getPgPool(): pg.Pool {
  if (!globalForPg.kvartplataPgPool) {
    globalForPg.kvartplataPgPool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: 4 });
  }
  return globalForPg.kvartplataPgPool;
}
