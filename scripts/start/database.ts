/**
 * The launcher's database steps: reachability, migrations, demo data. Each failure becomes
 * one line via describeDatabaseError.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { BillingRules } from '../../lib/domain/billing-rules';
import { describeDatabaseError } from '../../lib/server/db-errors';
import { getBillingRules } from '../../lib/server/env';
import { applyMigrations, lastEnginePanic, projectRoot } from '../db/schema-engine';
import { firstLine, StartupError } from './startup-error';

/**
 * describeDatabaseError, made robust for errors whose message is empty or starts with a
 * newline (it would end in "…: "): fall back to the first non-empty line, the SQLSTATE
 * code, or the error's name, so the one line always says something.
 */
export function explainDatabaseError(error: unknown, databaseUrl: string): string {
  const described = describeDatabaseError(error, databaseUrl);
  if (!/:\s*$/.test(described)) return described;
  const text = error instanceof Error ? error.message : String(error);
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part !== '');
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  const name = error instanceof Error ? error.name : typeof error;
  return `${described.trimEnd()} ${line ?? (typeof code === 'string' ? `SQLSTATE ${code}` : name)}`;
}

/** Connects once and asks a trivial question, with a deadline so a black hole fails fast. */
export async function assertDatabaseReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  // An error after connect (e.g. the server going away) must not crash the launcher.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(explainDatabaseError(error, databaseUrl), { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies pending migrations (a no-op on an up-to-date database). */
export async function migrate(databaseUrl: string): Promise<string[]> {
  try {
    return await applyMigrations(databaseUrl);
  } catch (error) {
    const panic = lastEnginePanic();
    const reason = panic ? firstLine(panic) : explainDatabaseError(error, databaseUrl);
    throw new StartupError(`migrations failed: ${reason}`, { cause: error });
  }
}

export const SEED_MODULE = path.join(projectRoot, 'prisma/seed/index.ts');

type TSeedModule = {
  isDatabaseEmpty(databaseUrl: string): Promise<boolean>;
  seedDatabase(options: {
    databaseUrl: string;
    rules: BillingRules;
    log: (line: string) => void;
  }): Promise<unknown>;
};

function isSeedModule(value: unknown): value is TSeedModule {
  if (typeof value !== 'object' || value === null) return false;
  return (
    typeof Reflect.get(value, 'isDatabaseEmpty') === 'function' &&
    typeof Reflect.get(value, 'seedDatabase') === 'function'
  );
}

/** The seeder, loaded lazily: it is big, and only a first start needs it. */
async function loadSeedModule(): Promise<TSeedModule | undefined> {
  if (!existsSync(SEED_MODULE)) return undefined;
  let loaded: unknown;
  try {
    loaded = await import(pathToFileURL(SEED_MODULE).href);
  } catch (error) {
    throw new StartupError(
      `cannot load the demo-data seeder prisma/seed/index.ts: ${firstLine(error)}`,
      {
        cause: error,
      },
    );
  }
  if (!isSeedModule(loaded)) {
    throw new StartupError(
      'prisma/seed/index.ts does not export isDatabaseEmpty(databaseUrl) and seedDatabase({ databaseUrl, rules, log })',
    );
  }
  return loaded;
}

export type TSeedOutcome = 'seeded' | 'not-empty' | 'seeder-missing';

/**
 * Seeds demo data when the database holds no accounts. Never touches a database that has
 * any: a second start reuses the data, and an operator's real data is never mixed with demo.
 */
export async function seedDemoDataIfEmpty(
  databaseUrl: string,
  log: (line: string) => void,
): Promise<TSeedOutcome> {
  const seeder = await loadSeedModule();
  if (!seeder) return 'seeder-missing';
  try {
    if (!(await seeder.isDatabaseEmpty(databaseUrl))) return 'not-empty';
    await seeder.seedDatabase({ databaseUrl, rules: getBillingRules(), log });
    return 'seeded';
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      `seeding demo data failed: ${explainDatabaseError(error, databaseUrl)}`,
      {
        cause: error,
      },
    );
  }
}
