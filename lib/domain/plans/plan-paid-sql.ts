/**
 * What a plan has been paid since it was asked for, as an SQL expression: the kept
 * `payment_plan.paid_kopecks` (a statement-level trigger on ledger inserts adds every credit
 * while the plan is live: migration `plan_paid_kept`). It equals the account's credits now
 * (month debits minus balance, the FIFO rule's credits) minus `credits_base_kopecks`, which
 * `npm run db:verify` and an integration test check. It may be negative (a refund after the
 * request); callers clamp where they need to.
 *
 * `plan` is the alias of a payment_plan row.
 */
export function planPaidSql(plan: string): string {
  return `${plan}.paid_kopecks`;
}

/** The same, recomputed from the kept month debits (`balance`: the account's balance). */
export function planPaidFromLedgerSql(plan: string, balance: string): string {
  return `((SELECT coalesce(sum(d.debit_kopecks), 0) FROM account_month_debit d
             WHERE d.account_id = ${plan}.account_id)
           - ${balance} - ${plan}.credits_base_kopecks)`;
}
