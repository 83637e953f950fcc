/**
 * A fresh, migrated database of a test's own, for tests that need an empty database (the run's
 * database from `inject('databaseUrl')` is shared by every integration file of the run).
 *
 *   const db = await createMigratedTestDatabase(inject('testServerUrl'));
 *   afterAll(() => db.drop());
 */
import { applyMigrations } from '../../scripts/db/schema-engine';
import {
  createTestDatabase,
  dropTestDatabase,
  keepTestDatabase,
  type TestDatabase,
  TestDatabaseError,
  testServerUrl,
} from '../database';

export type MigratedTestDatabase = TestDatabase & {
  /** Migrations applied to it. */
  applied: string[];
  /** Drops it (keeps it, and says so, when KEEP_TEST_DB=1). */
  drop: () => Promise<void>;
};

export async function createMigratedTestDatabase(
  serverUrl: string = testServerUrl(),
): Promise<MigratedTestDatabase> {
  const database = await createTestDatabase(serverUrl);
  const drop = async () => {
    if (keepTestDatabase()) console.log(`[test] KEEP_TEST_DB=1: kept database ${database.url}`);
    else await dropTestDatabase(database.name, serverUrl);
  };
  try {
    const applied = await applyMigrations(database.url);
    return { ...database, applied, drop };
  } catch (error) {
    await drop();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new TestDatabaseError(`could not migrate test database ${database.name}: ${reason}`);
  }
}
