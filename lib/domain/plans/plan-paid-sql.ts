/**
 * What a plan has been paid since it was asked for, as an SQL expression (the one statement of
 * it in SQL; payment-plan-state.ts `paidSince` is the TypeScript side, and an integration test
 * proves them equal): the account's credits now — its month debits (account_month_debit, the
 * FIFO rule's debits) minus its balance — less the credits recorded with the plan. It may be
 * negative (a refund after the request); callers clamp where they need to.
 *
 * `plan` is the alias of a payment_plan row, `balance` an expression for the account's
 * balance_kopecks.
 */
export function planPaidSql(plan: string, balance: string): string {
  return `((SELECT coalesce(sum(d.debit_kopecks), 0) FROM account_month_debit d
             WHERE d.account_id = ${plan}.account_id)
           - ${balance} - ${plan}.credits_base_kopecks)`;
}
