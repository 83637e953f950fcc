/**
 * The debits of one account grouped by month, as DESIGN rule 2 ages them: accruals by their
 * billing period, positive (charging) adjustments by the Kyiv month they were posted in.
 * Everything else in the ledger — payments, credit adjustments, reversals — is credit, whose
 * total is the month debits minus the account's balance. `accountId` is an SQL expression;
 * `beforeEntryId`, when given, keeps only entries older than that ledger id (an SQL expression).
 */
export function debitsByMonthSql(accountId: string, beforeEntryId?: string): string {
  const older = beforeEntryId ? ` AND l.id < ${beforeEntryId}` : '';
  return `
    SELECT x.month, sum(x.amount)::bigint AS amount
      FROM (
        SELECT l.period_month AS month, l.amount_kopecks AS amount
          FROM ledger_entry l
         WHERE l.account_id = ${accountId} AND l.kind = 'ACCRUAL'${older}
        UNION ALL
        SELECT date_trunc('month', l.effective_at AT TIME ZONE 'Europe/Kyiv')::date, l.amount_kopecks
          FROM ledger_entry l
         WHERE l.account_id = ${accountId} AND l.kind = 'ADJUSTMENT' AND l.amount_kopecks > 0${older}
      ) x
     GROUP BY x.month`;
}
