import { kyivMonthOf } from '../../dates';
import { debitsByMonthSql } from '../arrears/debits-by-month-sql';
import type { BillingRules } from '../billing-rules';

/**
 * DESIGN rule 3 as one SQL query, the single definition of call-list membership used both
 * for one account inside a business transaction and for all accounts after a period close.
 *
 * Ageing is rule 2 (FIFO) done in SQL: debits are grouped by month (debits-by-month-sql.ts:
 * accruals and month corrections by their period, other positive adjustments by their Kyiv month); total credits are the debits minus the cached
 * balance (the balance trigger keeps that cache equal to the ledger sum), so the oldest
 * unsettled month is the first whose running debit total exceeds the credits, and the overdue
 * amount is whatever the credits leave of the debits already past due.
 * lib/domain/arrears/age-arrears.ts is the same rule in TypeScript; an integration test checks
 * that both agree on every demo account.
 *
 * Parameters: $1 as-of Kyiv month (DATE, first day), $2 due months after, $3 minimum overdue
 * months, $4 minimum overdue kopecks, $5 one account id or NULL for all, $6 a contact
 * preference to restrict to (the SMS reminder planner evaluates only accounts that chose SMS)
 * or NULL for all.
 * Accounts with no debt and no open entry are left out: nothing can change for them. And only
 * accounts that owe more than their not-yet-due accruals (the last months' bills) get the full
 * month-by-month walk: for the others credits = debits - balance already cover every overdue
 * month, so their overdue amount is 0 without reading their history ("not yet due" is the
 * recent months' debits, as the walk counts them). Debits are read from the kept state
 * (account_month_debit, lib/domain/arrears/debits-by-month-sql.ts), not from the ledger.
 */
export const EVALUATE_CALL_LIST_SQL = `
WITH scope AS (
  SELECT a.id, a.status, a.do_not_call, a.contact_preference, a.balance_kopecks,
         a.balance_kopecks > coalesce(recent.amount, 0) AS may_be_overdue
    FROM account a
    LEFT JOIN LATERAL (
      SELECT sum(d.debit_kopecks) AS amount
        FROM account_month_debit d
       WHERE d.account_id = a.id
         AND d.month > ($1::date - make_interval(months => $2::int + 1))::date
    ) recent ON a.balance_kopecks > 0
   WHERE ($5::int IS NULL OR a.id = $5::int)
     AND ($6::contact_preference IS NULL OR a.contact_preference = $6::contact_preference)
     AND (a.balance_kopecks > 0
          OR EXISTS (SELECT 1 FROM call_list_entry e WHERE e.account_id = a.id AND e.removed_at IS NULL))
),
debits AS (
  SELECT s.id AS account_id, s.balance_kopecks AS balance, m.month, m.amount
    FROM scope s
   CROSS JOIN LATERAL (${debitsByMonthSql('s.id')}
   ) m
   WHERE s.may_be_overdue
),
running AS (
  SELECT d.account_id, d.month, d.amount,
         sum(d.amount) OVER (PARTITION BY d.account_id ORDER BY d.month) AS cumulative,
         greatest(0, sum(d.amount) OVER (PARTITION BY d.account_id) - d.balance) AS credits
    FROM debits d
),
aged AS (
  SELECT r.account_id,
         min(r.month) FILTER (WHERE r.cumulative > r.credits) AS oldest_unsettled,
         greatest(0, coalesce(sum(r.amount) FILTER (
           WHERE r.month <= ($1::date - make_interval(months => $2::int + 1))::date), 0)
           - max(r.credits))::int AS overdue
    FROM running r
   GROUP BY r.account_id
),
aged_months AS (
  SELECT g.account_id, g.overdue,
         CASE WHEN g.overdue > 0 THEN
           ((extract(year FROM $1::date) * 12 + extract(month FROM $1::date))
            - (extract(year FROM g.oldest_unsettled) * 12 + extract(month FROM g.oldest_unsettled))
            - ($2::int + 1))::int
         ELSE 0 END AS overdue_months
    FROM aged g
),
callable_phone AS (
  SELECT DISTINCT ON (p.account_id) p.account_id, p.e164
    FROM phone p
    JOIN scope s ON s.id = p.account_id
   WHERE p.callable
   ORDER BY p.account_id, p.is_primary DESC, p.id
),
open_dispute AS (
  SELECT DISTINCT d.account_id
    FROM dispute d
    JOIN scope s ON s.id = d.account_id
   WHERE d.status IN ('OPEN', 'IN_REVIEW')
)
SELECT s.id AS account_id,
       ph.e164 AS phone,
       coalesce(am.overdue, 0) AS overdue,
       coalesce(am.overdue_months, 0) AS overdue_months,
       (CASE
          WHEN s.status = 'CLOSED' THEN 'ACCOUNT_CLOSED'
          WHEN s.do_not_call THEN 'DO_NOT_CALL'
          WHEN od.account_id IS NOT NULL THEN 'DISPUTE_OPEN'
          WHEN s.contact_preference = 'SMS' THEN 'SMS_OPT_IN'
          WHEN ph.e164 IS NULL THEN 'NO_PHONE'
          WHEN coalesce(am.overdue, 0) = 0 THEN 'PAID'
          WHEN am.overdue_months < $3::int OR am.overdue < $4::int THEN 'BELOW_THRESHOLD'
          ELSE 'OVERDUE'
        END)::call_list_reason AS reason
  FROM scope s
  LEFT JOIN aged_months am ON am.account_id = s.id
  LEFT JOIN callable_phone ph ON ph.account_id = s.id
  LEFT JOIN open_dispute od ON od.account_id = s.id
`;

/** The parameters of EVALUATE_CALL_LIST_SQL, in order: every caller builds them here. */
export function callListParams(
  asOf: Date,
  rules: BillingRules,
  scope: { accountId: number } | { contactPreference: 'SMS' } | 'ALL',
) {
  return [
    `${kyivMonthOf(asOf)}-01`,
    rules.dueMonthsAfter,
    rules.callListMinOverdueMonths,
    rules.callListMinOverdueKopecks,
    typeof scope === 'object' && 'accountId' in scope ? scope.accountId : null,
    typeof scope === 'object' && 'contactPreference' in scope ? scope.contactPreference : null,
  ] as const;
}
