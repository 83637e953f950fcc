/**
 * The debits of one account grouped by month, as DESIGN rule 2 ages them: accruals by their
 * billing period; an adjustment posted to a month (a correction of that month's bill, e.g. an
 * accepted dispute: `period_month` set) by that month, whichever its sign, so a corrected month
 * is aged at its corrected amount (posting refuses a credit larger than the month's net debit,
 * so no month goes below zero); other positive (charging) adjustments by the Kyiv month they
 * were posted in. Everything else in the ledger — payments, other credit adjustments,
 * reversals — is credit, whose total is the month debits minus the account's balance. `accountId` is an SQL expression;
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
        SELECT coalesce(l.period_month,
                        date_trunc('month', l.effective_at AT TIME ZONE 'Europe/Kyiv')::date),
               l.amount_kopecks
          FROM ledger_entry l
         WHERE l.account_id = ${accountId} AND l.kind = 'ADJUSTMENT'
           AND (l.period_month IS NOT NULL OR l.amount_kopecks > 0)${older}
      ) x
     GROUP BY x.month`;
}
