/**
 * Vitest globalSetup of the `integration` project: one fresh, migrated database per run on the
 * server at TEST_DATABASE_URL, handed to the tests as DATABASE_URL and dropped at the end
 * (kept when KEEP_TEST_DB=1). Tests that need an empty database of their own use
 * createMigratedTestDatabase (./fresh-database.ts).
 */
import type { TestProject } from 'vitest/node';
import { testServerUrl } from '../database';
import { createMigratedTestDatabase } from './fresh-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's fresh database (migrated), shared by the integration files of the run. */
    databaseUrl: string;
    /** The server it lives on, for tests that need databases of their own. */
    testServerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = testServerUrl();
  const started = Date.now();
  const database = await createMigratedTestDatabase(serverUrl);
  console.log(
    `[integration] database ${database.name}: ${database.applied.length} migration(s) applied in ${Date.now() - started} ms`,
  );
  process.env.DATABASE_URL = database.url;
  project.provide('databaseUrl', database.url);
  project.provide('testServerUrl', serverUrl);
  return database.drop;
}
