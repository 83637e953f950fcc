import { loadavg } from 'node:os';
/**
 * `npm run db:seed -- [--accounts N] [--seed S]`: seeds the empty database at DATABASE_URL.
 * Failures print one line and exit 1.
 */
import { parseArgs } from 'node:util';
import { getBillingRules } from '../../lib/server/env';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED, seedDatabase } from './index';

function integerOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value))
    throw new Error(`--${name} must be a non-negative integer (got "${value}")`);
  return Number(value);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(2)} GiB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { accounts: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl)
    throw new Error(
      'DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/kvartplata)',
    );
  const summary = await seedDatabase({
    databaseUrl,
    rules: getBillingRules(),
    accounts: integerOption('accounts', values.accounts, DEFAULT_ACCOUNTS),
    seed: integerOption('seed', values.seed, DEFAULT_SEED),
    // Every line carries the 1-minute load average: a seed's time means little without it.
    log: (line) => console.log(`[seed] ${line} [load ${loadavg()[0]?.toFixed(2)}]`),
  });
  console.log(
    `[seed] done: ${summary.accounts} accounts, ${summary.buildings} buildings, ${summary.payments} payments, ${summary.ledgerEntries} ledger entries in ${(summary.durationMs / 1000).toFixed(1)} s; database size ${formatBytes(summary.databaseSizeBytes)}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  console.error(`db:seed: ${message}`);
  process.exit(1);
});
