/**
 * Billing operations from the command line (the staff console calls the same domain functions):
 *   npm run billing -- close-period 2026-11
 *   npm run billing -- rebuild-call-list
 * Uses DATABASE_URL.
 */
import { isAppError } from '../lib/domain/app-error';
import { closeBillingPeriod } from '../lib/domain/billing/close-billing-period';
import { rebuildCallList } from '../lib/domain/call-list/rebuild-call-list';
import { formatMoney } from '../lib/money';
import { createPrismaClient } from '../lib/server/db';
import { describeDatabaseError } from '../lib/server/db-errors';

const [command, argument] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('billing: DATABASE_URL is not set');
  process.exit(1);
}
const prisma = createPrismaClient(databaseUrl, 2);

async function main(): Promise<number> {
  switch (command) {
    case 'close-period': {
      if (!argument) {
        console.error('usage: npm run billing -- close-period YYYY-MM');
        return 2;
      }
      const started = performance.now();
      const result = await closeBillingPeriod(prisma, {
        month: argument,
        onProgress: ({ throughAccountId, lastAccountId }) =>
          console.log(`  accrued accounts up to id ${throughAccountId} of ${lastAccountId}`),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (result.status === 'ALREADY_CLOSED') {
        console.log(
          `${result.month} was already closed at ${result.closedAt.toISOString()}; nothing changed.`,
        );
        return 0;
      }
      console.log(
        `Closed ${result.month}${result.resumed ? ' (resumed)' : ''} in ${seconds} s: ` +
          `${result.accountsAccrued} accounts, ${result.linesAccrued} lines, ` +
          `${formatMoney(Number(result.totalAccruedKopecks), 'uk-UA')} accrued. Call list: ` +
          `+${result.callList.added} −${result.callList.removed}, ${result.callList.onList} on the list.`,
      );
      return 0;
    }
    case 'rebuild-call-list': {
      const started = performance.now();
      const result = await rebuildCallList(prisma);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `Call list rebuilt in ${seconds} s: +${result.added} −${result.removed} (${result.updated} updated), ${result.onList} on the list.`,
      );
      return 0;
    }
    default:
      console.error('usage: npm run billing -- close-period YYYY-MM | rebuild-call-list');
      return 2;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (isAppError(error)) {
    console.error(`billing: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(`billing: ${describeDatabaseError(error, databaseUrl)}`);
    process.exitCode = 1;
  }
} finally {
  await prisma.$disconnect();
}
