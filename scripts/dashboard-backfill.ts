/**
 * Recomputes the collections dashboard's days from the ledger and the source tables
 * (docs/dashboard.md): after a deploy onto existing data, or to repair a range.
 *   npx tsx --conditions=react-server scripts/dashboard-backfill.ts [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 * Without --from: from the first billing period; without --to: up to today (Kyiv).
 */
import { parseArgs } from 'node:util';
import { backfillCollectionsDays } from '../lib/domain/dashboard/backfill-collections-days';
import { createPrismaClient } from '../lib/server/db';
import { describeDatabaseError } from '../lib/server/db-errors';
import { getBillingRules } from '../lib/server/env';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
const day = /^\d{4}-\d{2}-\d{2}$/;
for (const value of [values.from, values.to])
  if (value !== undefined && !day.test(value)) {
    console.error(`dashboard-backfill: not a day (YYYY-MM-DD): ${value}`);
    process.exit(2);
  }
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('dashboard-backfill: DATABASE_URL is not set');
  process.exit(1);
}
const prisma = createPrismaClient(databaseUrl, 3);
try {
  const result = await backfillCollectionsDays(prisma, {
    rules: getBillingRules(),
    from: values.from,
    to: values.to,
    log: (line) => console.log(line),
  });
  console.log(
    `${result.days} days ${result.from} … ${result.to} in ${(result.ms / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(`dashboard-backfill: ${describeDatabaseError(error, databaseUrl)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
