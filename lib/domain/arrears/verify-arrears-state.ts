import { planPaidFromLedgerSql } from '../plans/plan-paid-sql';
import { BALANCE_MISMATCHES_SQL, MONTH_DEBIT_MISMATCHES_SQL } from './debits-by-month-sql';
import type { Queryable } from './verify-queryable';

/**
 * Recomputes the kept arrears state from the ledger (the source of truth) and lists every
 * difference: month debits (account_month_debit), cached balances, and what live payment plans
 * keep as paid since their request. Read-only.
 */
export type ArrearsStateMismatches = {
  monthDebits: {
    accountId: number;
    month: string;
    fromLedger: number | null;
    kept: number | null;
  }[];
  balances: { accountId: number; fromLedger: number; kept: number }[];
  /** Live payment plans whose kept paid amount differs from the ledger's credits since. */
  plans: { planId: number; fromLedger: number; kept: number }[];
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
  const plans = await db.query<{ id: number; from_ledger: string; kept: string }>(
    `SELECT pp.id, ${planPaidFromLedgerSql('pp', 'a.balance_kopecks')} AS from_ledger,
            pp.paid_kopecks AS kept
       FROM payment_plan pp JOIN account a ON a.id = pp.account_id
      WHERE pp.ended_at IS NULL
        AND pp.paid_kopecks <> ${planPaidFromLedgerSql('pp', 'a.balance_kopecks')}
      LIMIT $1`,
    [limit],
  );
  return {
    plans: plans.rows.map((r) => ({
      planId: r.id,
      fromLedger: Number(r.from_ledger),
      kept: Number(r.kept),
    })),
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
