import 'server-only';
import { kyivMonthOf, type MonthKey, monthKeyOfDate } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import { type BillingRules, DEFAULT_BILLING_RULES } from '../billing-rules';
import { type ArrearsReport, ageArrears } from './age-arrears';
import { debitsByMonthSql } from './debits-by-month-sql';

/**
 * One account's arrears report (rule 2) from its ledger, as of `asOf` (Kyiv month).
 * `balance` is the account's cached ledger sum, read in the same snapshot by the caller.
 */
export async function getAccountArrears(
  db: PrismaClient | Tx,
  options: { accountId: number; balance: number; asOf?: Date; rules?: BillingRules },
): Promise<ArrearsReport> {
  const rows = await db.$queryRawUnsafe<{ month: Date; amount: bigint }[]>(
    debitsByMonthSql('$1::int'),
    options.accountId,
  );
  const debits = rows.map((row) => ({
    month: monthKeyOfDate(row.month),
    amount: Number(row.amount),
  }));
  const totalDebits = debits.reduce((sum, debit) => sum + debit.amount, 0);
  return ageArrears({
    debits,
    credits: totalDebits - options.balance,
    asOfMonth: kyivMonthOf(options.asOf ?? new Date()) as MonthKey,
    rules: options.rules ?? DEFAULT_BILLING_RULES,
  });
}
