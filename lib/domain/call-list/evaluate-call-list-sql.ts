import { kyivDay, kyivMonthOf } from '../../dates';
import { debitsByMonthSql } from '../arrears/debits-by-month-sql';
import type { BillingRules } from '../billing-rules';
import { planPaidSql } from '../plans/plan-paid-sql';

/**
 * DESIGN rule 3 as one SQL query, the single definition of call-list membership used both
 * for one account inside a business transaction and for all accounts after a period close.
 *
 * Ageing is rule 2 (FIFO) done in SQL on the kept month debits (account_month_debit, read
 * through debits-by-month-sql.ts): credits settle the oldest debits first, so what stays unpaid
 * is always the newest debits worth the balance B. Hence, for B > 0:
 * - overdue = B minus the debits not yet due (the recent months), at least 0: no walk at all;
 *   accounts whose recent debits cover B (most of them) are not overdue and stop there. The
 *   recent debits of all accounts are one range scan of the (month, account, debit) index,
 *   hash-joined to the accounts (600,000 index probes before); for one account, one probe;
 * - the oldest unsettled month is the first month, going back from the newest, at which the
 *   debits from there on reach B (a backward index scan that stops there: the unpaid months
 *   plus one row per debtor, not the whole history). If they never reach B (credits below 0,
 *   which valid data does not have) every debit is unsettled: the oldest month with one.
 * lib/domain/arrears/age-arrears.ts is the same rule in TypeScript, walking forward; an
 * integration test checks that both agree on every demo account and on edge cases.
 *
 * A payment plan in good standing (issue 11, lib/domain/plans/plan-standing.ts states the same
 * in TypeScript, and an integration test proves they agree) keeps an overdue account off the
 * list with reason PAYMENT_PLAN: the plan is ACTIVE, not yet paid off, and what the account has
 * paid since the request (its credits, month debits minus balance, less the credits then)
 * covers every instalment due more than the grace days before today.
 *
 * Parameters: $1 as-of Kyiv month (DATE, first day), $2 due months after, $3 minimum overdue
 * months, $4 minimum overdue kopecks, $5 an array of account ids (one for a single account's
 * refresh, a batch's accounts for a set-based posting) or NULL for all, $6 a contact
 * preference to restrict to (the SMS reminder planner evaluates only accounts that chose SMS)
 * or NULL for all, $7 the as-of Kyiv day (DATE), $8 the plans' grace days.
 * Accounts with no debt and no open entry are left out: nothing can change for them.
 */
export const EVALUATE_CALL_LIST_SQL = `
WITH recent AS (
  SELECT d.account_id, sum(d.debit_kopecks) AS amount
    FROM account_month_debit d
   WHERE d.month > ($1::date - make_interval(months => $2::int + 1))::date
     AND ($5::int[] IS NULL OR d.account_id = ANY($5::int[]))
   GROUP BY d.account_id
),
scope AS (
  SELECT a.id, a.status, a.do_not_call, a.contact_preference, a.balance_kopecks,
         greatest(0, a.balance_kopecks - coalesce(recent.amount, 0))::int AS overdue
    FROM account a
    LEFT JOIN recent ON recent.account_id = a.id
   WHERE ($5::int[] IS NULL OR a.id = ANY($5::int[]))
     AND ($6::contact_preference IS NULL OR a.contact_preference = $6::contact_preference)
     AND (a.balance_kopecks > 0
          OR EXISTS (SELECT 1 FROM call_list_entry e WHERE e.account_id = a.id AND e.removed_at IS NULL))
),
aged_months AS (
  SELECT s.id AS account_id, s.overdue,
         ((extract(year FROM $1::date) * 12 + extract(month FROM $1::date))
          - (extract(year FROM o.oldest) * 12 + extract(month FROM o.oldest))
          - ($2::int + 1))::int AS overdue_months
    FROM scope s
   CROSS JOIN LATERAL (
     SELECT coalesce(
       (SELECT w.month
          FROM (SELECT m.month, sum(m.amount) OVER (ORDER BY m.month DESC) AS from_here_on
                  FROM (${debitsByMonthSql('s.id')}
                  ) m
                 ORDER BY m.month DESC) w
         WHERE w.from_here_on >= s.balance_kopecks
         ORDER BY w.month DESC
         LIMIT 1),
       (SELECT min(m.month) FROM (${debitsByMonthSql('s.id')}
        ) m WHERE m.amount > 0)) AS oldest
     OFFSET 0 -- evaluated once per account, not once per reference to \`oldest\`
   ) o
   WHERE s.overdue > 0
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
),
plan_paid AS (
  SELECT pp.id, pp.account_id, pp.total_kopecks,
         ${planPaidSql('pp')} AS paid
    FROM payment_plan pp
    JOIN scope s ON s.id = pp.account_id
   WHERE pp.status = 'ACTIVE'
),
plan_kept AS (
  SELECT p.account_id
    FROM plan_paid p
   WHERE p.paid < p.total_kopecks
     AND greatest(p.paid, 0) >= (SELECT coalesce(sum(i.amount_kopecks), 0)
                                   FROM payment_plan_instalment i
                                  WHERE i.plan_id = p.id
                                    AND i.due_date + $8::int < $7::date)
)
SELECT s.id AS account_id,
       ph.e164 AS phone,
       coalesce(am.overdue, 0) AS overdue,
       coalesce(am.overdue_months, 0) AS overdue_months,
       (CASE
          WHEN s.status = 'CLOSED' THEN 'ACCOUNT_CLOSED'
          WHEN s.do_not_call THEN 'DO_NOT_CALL'
          WHEN od.account_id IS NOT NULL THEN 'DISPUTE_OPEN'
          WHEN pk.account_id IS NOT NULL AND coalesce(am.overdue, 0) > 0 THEN 'PAYMENT_PLAN'
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
  LEFT JOIN plan_kept pk ON pk.account_id = s.id
`;

/** The parameters of EVALUATE_CALL_LIST_SQL, in order: every caller builds them here. */
export function callListParams(
  asOf: Date,
  rules: BillingRules,
  scope:
    | { accountId: number }
    | { accountIds: readonly number[] }
    | { contactPreference: 'SMS' }
    | 'ALL',
) {
  const accountIds =
    typeof scope !== 'object'
      ? null
      : 'accountId' in scope
        ? [scope.accountId]
        : 'accountIds' in scope
          ? [...scope.accountIds]
          : null;
  return [
    `${kyivMonthOf(asOf)}-01`,
    rules.dueMonthsAfter,
    rules.callListMinOverdueMonths,
    rules.callListMinOverdueKopecks,
    accountIds,
    typeof scope === 'object' && 'contactPreference' in scope ? scope.contactPreference : null,
    kyivDay(asOf),
    rules.paymentPlanGraceDays,
  ] as const;
}
