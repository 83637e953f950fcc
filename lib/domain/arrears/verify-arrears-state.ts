import { BALANCE_MISMATCHES_SQL, MONTH_DEBIT_MISMATCHES_SQL } from './debits-by-month-sql';
import type { Queryable } from './verify-queryable';

/**
 * Recomputes the kept arrears state from the ledger (the source of truth) and lists every
 * difference: month debits (account_month_debit) and cached balances. Read-only.
 */
export type ArrearsStateMismatches = {
  monthDebits: {
    accountId: number;
    month: string;
    fromLedger: number | null;
    kept: number | null;
  }[];
  balances: { accountId: number; fromLedger: number; kept: number }[];
};

export async function verifyArrearsState(
  db: Queryable,
  limit = 1000,
): Promise<ArrearsStateMismatches> {
  const months = await db.query<{
    account_id: number;
    month: Date;
    from_ledger: string | null;
    kept: string | null;
  }>(MONTH_DEBIT_MISMATCHES_SQL, [limit]);
  const balances = await db.query<{ account_id: number; from_ledger: string; kept: number }>(
    BALANCE_MISMATCHES_SQL,
    [limit],
  );
  return {
    monthDebits: months.rows.map((r) => ({
      accountId: r.account_id,
      month: r.month.toISOString().slice(0, 7),
      fromLedger: r.from_ledger === null ? null : Number(r.from_ledger),
      kept: r.kept === null ? null : Number(r.kept),
    })),
    balances: balances.rows.map((r) => ({
      accountId: r.account_id,
      fromLedger: Number(r.from_ledger),
      kept: r.kept,
    })),
  };
}
