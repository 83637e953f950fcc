/**
 * `npm run db:verify`: recomputes the kept arrears state (each account's debits by month and its
 * cached balance) from the ledger, the source of truth, and reports every mismatch. Exit 0 when
 * there is none, 1 otherwise. Read-only; on 600,000 accounts it reads the whole ledger once.
 */
import pg from 'pg';
import { verifyArrearsState } from '../../lib/domain/arrears/verify-arrears-state';
import { describeDatabaseError } from '../../lib/server/db-errors';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    'db:verify: DATABASE_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/kvartplata)',
  );
  process.exit(1);
}
const client = new pg.Client({ connectionString: databaseUrl });
try {
  await client.connect();
  const started = performance.now();
  const found = await verifyArrearsState(client);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const total = found.monthDebits.length + found.balances.length + found.plans.length;
  for (const m of found.monthDebits) {
    console.log(
      `month debit mismatch: account ${m.accountId} ${m.month}: ledger ${m.fromLedger ?? '—'}, kept ${m.kept ?? '—'}`,
    );
  }
  for (const b of found.balances) {
    console.log(`balance mismatch: account ${b.accountId}: ledger ${b.fromLedger}, kept ${b.kept}`);
  }
  for (const p of found.plans) {
    console.log(
      `payment plan ${p.planId}: paid since its request ${p.fromLedger} by the ledger, kept ${p.kept}`,
    );
  }
  console.log(
    total === 0
      ? `db:verify: the arrears state agrees with the ledger (${seconds} s)`
      : `db:verify: ${total} mismatch(es)${total >= 1000 ? ' (first 1000 of each kind)' : ''} (${seconds} s)`,
  );
  process.exitCode = total === 0 ? 0 : 1;
} catch (error) {
  console.error(`db:verify: ${describeDatabaseError(error, databaseUrl)}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
