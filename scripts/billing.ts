/**
 * Billing operations from the command line (the staff console calls the same domain functions):
 *   npm run billing -- close-period 2026-11
 *   npm run billing -- rebuild-call-list
 * Uses DATABASE_URL and the billing rules of the environment (PAYMENT_DUE_MONTHS_AFTER,
 * CALL_LIST_MIN_OVERDUE_MONTHS, CALL_LIST_MIN_OVERDUE_KOPECKS), like the app.
 */
import { isAppError } from '../lib/domain/app-error';
import { closeBillingPeriod } from '../lib/domain/billing/close-billing-period';
import { rebuildCallList } from '../lib/domain/call-list/rebuild-call-list';
import { formatUah } from '../lib/i18n/format';
import { createPrismaClient } from '../lib/server/db';
import { describeDatabaseError } from '../lib/server/db-errors';
import { getBillingRules } from '../lib/server/env';

const [command, argument] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('billing: DATABASE_URL is not set');
  process.exit(1);
}
const prisma = createPrismaClient(databaseUrl, 2);

async function main(): Promise<number> {
  /** The configured rules, exactly as the app and its webhook read them. */
  const rules = getBillingRules();
  switch (command) {
    case 'close-period': {
      if (!argument) {
        console.error('usage: npm run billing -- close-period YYYY-MM');
        return 2;
      }
      const started = performance.now();
      const result = await closeBillingPeriod(prisma, {
        month: argument,
        rules,
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
          `${formatUah(Number(result.totalAccruedKopecks), 'uk')} accrued. Call list: ` +
          `+${result.callList.added} −${result.callList.removed}, ${result.callList.onList} on the list.`,
      );
      return 0;
    }
    case 'rebuild-call-list': {
      const started = performance.now();
      const result = await rebuildCallList(prisma, { rules });
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
  if (
    isAppError(error) ||
    (error instanceof Error && error.message.startsWith('Invalid configuration'))
  ) {
    console.error(`billing: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.error(`billing: ${describeDatabaseError(error, databaseUrl)}`);
    process.exitCode = 1;
  }
} finally {
  await prisma.$disconnect();
}
