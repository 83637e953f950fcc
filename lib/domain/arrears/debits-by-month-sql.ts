/**
 * The debits of one account grouped by month, as DESIGN rule 2 ages them: accruals by their
 * billing period; an adjustment posted to a month (a correction of that month's bill, e.g. an
 * accepted dispute: `period_month` set) by that month, whichever its sign, so a corrected month
 * is aged at its corrected amount (posting refuses a credit larger than the month's net debit,
 * so no month goes below zero); other positive (charging) adjustments by the Kyiv month they
 * were posted in. Everything else in the ledger — payments, other credit adjustments,
 * reversals — is credit, whose total is the month debits minus the account's balance.
 *
 * Which month an entry is a debit of is stated once, in SQL: `kvp_debit_month()` (migration
 * `arrears_state`). The current debits are kept per account and month in
 * `account_month_debit` by a statement-level trigger on ledger inserts, so the rule reads a
 * few rows instead of the ledger; `npm run db:verify` recomputes them from the ledger.
 *
 * `accountId` is an SQL expression. With `beforeEntryId` (an SQL expression) the debits are
 * read from the ledger as it stood before that entry (receipts: what a payment settled).
 */
export function debitsByMonthSql(accountId: string, beforeEntryId?: string): string {
  if (!beforeEntryId) {
    return `
    SELECT d.month, d.debit_kopecks AS amount
      FROM account_month_debit d
     WHERE d.account_id = ${accountId}`;
  }
  return `
    SELECT x.month, sum(x.amount)::bigint AS amount
      FROM (
        SELECT kvp_debit_month(l.kind, l.period_month, l.effective_at, l.amount_kopecks) AS month,
               l.amount_kopecks AS amount
          FROM ledger_entry l
         WHERE l.account_id = ${accountId} AND l.kind IN ('ACCRUAL', 'ADJUSTMENT')
           AND l.id < ${beforeEntryId}
      ) x
     WHERE x.month IS NOT NULL
     GROUP BY x.month`;
}

/**
 * Every account's debits by month recomputed from the ledger, beside the kept state: one row
 * per (account, month) where they differ. Empty when the state is right (`npm run db:verify`).
 */
export const MONTH_DEBIT_MISMATCHES_SQL = `
WITH ledger AS (
  SELECT account_id, month, sum(amount_kopecks)::bigint AS debit
    FROM (SELECT account_id,
                 kvp_debit_month(kind, period_month, effective_at, amount_kopecks) AS month,
                 amount_kopecks
            FROM ledger_entry WHERE kind IN ('ACCRUAL', 'ADJUSTMENT')) l
   WHERE month IS NOT NULL
   GROUP BY account_id, month
)
SELECT coalesce(l.account_id, s.account_id) AS account_id, coalesce(l.month, s.month) AS month,
       l.debit AS from_ledger, s.debit_kopecks AS kept
  FROM ledger l
  FULL JOIN account_month_debit s ON s.account_id = l.account_id AND s.month = l.month
 WHERE l.debit IS DISTINCT FROM s.debit_kopecks
 ORDER BY 1, 2
 LIMIT $1`;

/** Accounts whose cached balance differs from their ledger sum (the other kept state). */
export const BALANCE_MISMATCHES_SQL = `
SELECT a.id AS account_id, a.balance_kopecks AS kept, coalesce(l.total, 0)::bigint AS from_ledger
  FROM account a
  LEFT JOIN (SELECT account_id, sum(amount_kopecks) AS total FROM ledger_entry GROUP BY account_id) l
    ON l.account_id = a.id
 WHERE a.balance_kopecks <> coalesce(l.total, 0)
 ORDER BY a.id
 LIMIT $1`;
