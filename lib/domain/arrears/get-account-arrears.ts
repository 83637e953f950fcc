import 'server-only';
import { kyivMonthOf, monthKeyOfDate } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import { type ArrearsReport, ageArrears, creditsOf, type MonthlyDebit } from './age-arrears';
import { debitsByMonthSql } from './debits-by-month-sql';

/**
 * One account's debits by month (rule 2), from its ledger; with `beforeEntryId`, as the
 * ledger stood just before that entry.
 */
export async function readMonthlyDebits(
  db: PrismaClient | Tx,
  options: { accountId: number; beforeEntryId?: bigint },
): Promise<MonthlyDebit[]> {
  const rows =
    options.beforeEntryId === undefined
      ? await db.$queryRawUnsafe<{ month: Date; amount: bigint }[]>(
          debitsByMonthSql('$1::int'),
          options.accountId,
        )
      : await db.$queryRawUnsafe<{ month: Date; amount: bigint }[]>(
          debitsByMonthSql('$1::int', '$2::bigint'),
          options.accountId,
          options.beforeEntryId,
        );
  return rows.map((row) => ({ month: monthKeyOfDate(row.month), amount: Number(row.amount) }));
}

/**
 * One account's arrears report (rule 2) from its kept month debits and its balance (the two read
 * in one snapshot), as of `asOf` (Kyiv month): what every reader of the state ages with.
 */
export function arrearsFromState(options: {
  debits: readonly MonthlyDebit[];
  balance: number;
  asOf?: Date;
  rules: BillingRules;
}): ArrearsReport {
  return ageArrears({
    debits: options.debits,
    credits: creditsOf(options.debits, options.balance),
    asOfMonth: kyivMonthOf(options.asOf ?? new Date()),
    rules: options.rules,
  });
}

/**
 * One account's arrears report (rule 2) from its kept month debits, as of `asOf` (Kyiv month).
 * `balance` is the account's cached ledger sum, read in the same snapshot by the caller.
 */
export async function getAccountArrears(
  db: PrismaClient | Tx,
  options: { accountId: number; balance: number; asOf?: Date; rules: BillingRules },
): Promise<ArrearsReport> {
  const debits = await readMonthlyDebits(db, { accountId: options.accountId });
  return arrearsFromState({ ...options, debits });
}
