/**
 * The SQL behind the collections dashboard's daily figures (docs/dashboard.md). Days are Kyiv
 * calendar days ('YYYY-MM-DD', SQL `date`); an instant belongs to the Kyiv day it falls in.
 */

/** The Kyiv day of a timestamptz expression. */
function kyivDay(expression: string): string {
  return `(${expression} AT TIME ZONE 'Europe/Kyiv')::date`;
}

/** `column` within the Kyiv days $1 … $2 (inclusive), written so that an index on it is used. */
function withinDays(column: string): string {
  return `${column} >= ($1::date::timestamp AT TIME ZONE 'Europe/Kyiv')
     AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Kyiv')`;
}

/**
 * DESIGN rules 2 and 3 at past days, derived from the ledger (the backfill). For one slice of
 * accounts ($1 ≤ id < $2) it returns, per series and day, how the number of accounts counted and
 * their overdue amount change on that day; the caller adds the changes up over the days.
 *
 * Why this is rule 2: an account's overdue amount on day d is its balance B(d) (the ledger
 * entries effective before the end of d) minus its debits not yet due on d, the months after
 * month(d) − (dueMonthsAfter + 1) — what EVALUATE_CALL_LIST_SQL computes on the kept state
 * (credits settle the oldest debits first, so what stays unpaid is the newest debits worth B).
 * Which month an entry is a debit of is the rule's own SQL, `kvp_debit_month()`. Written as a
 * sum over entries: a credit counts from the day it is effective; a debit of month m counts from
 * the later of that day and the first day of month m + k, the day it falls due (k =
 * dueMonthsAfter + 1). So f(d) = Σ amount of the entries whose day is ≤ d, and the account is
 * overdue on d exactly when f(d) > 0, by f(d).
 *
 * Series 1 counts accounts at least N full months overdue (rule 3's age threshold): the oldest
 * unsettled overdue month is at least N months old exactly when B exceeds the debits of the
 * months after month(d) − (dueMonthsAfter + 1) − N, which is the same sum with k + N.
 *
 * Per account the running sum f is taken over its days, and each day contributes the change of
 * "f > 0" (+1, −1 or 0) and of max(f, 0). Days before $5 are folded into $5 (the changes before
 * the first day wanted add up to the count on it); days after $6 are left out.
 *
 * Parameters: $1 first account id, $2 end account id (exclusive), $3 k, $4 k + N, $5 first day,
 * $6 last day.
 */
export const LEDGER_DEBTOR_CHANGES_SQL = `
WITH e AS (
  SELECT l.account_id,
         kvp_debit_month(l.kind, l.period_month, l.effective_at, l.amount_kopecks) AS dm,
         ${kyivDay('l.effective_at')} AS eday,
         sum(l.amount_kopecks)::int AS amount
    FROM ledger_entry l
   WHERE l.account_id >= $1::int AND l.account_id < $2::int
   GROUP BY 1, 2, 3
),
g AS (
  SELECT e.account_id, s.series,
         CASE WHEN e.dm IS NULL THEN e.eday
              ELSE greatest(e.eday, (e.dm + make_interval(months => s.k))::date) END AS day,
         sum(e.amount)::int AS delta
    FROM e CROSS JOIN (VALUES (0, $3::int), (1, $4::int)) AS s(series, k)
   GROUP BY 1, 2, 3
),
r AS (
  SELECT series, day, delta,
         sum(delta) OVER (PARTITION BY account_id, series ORDER BY day) AS f
    FROM g
)
SELECT series, day::text AS day, count_change, amount_change
  FROM (
    -- Grouped by the date, not its text: sorting 2 million dates is 4× cheaper than as text.
    SELECT series::int AS series, greatest(day, $5::date) AS day,
           sum((f > 0)::int - (f - delta > 0)::int)::int AS count_change,
           sum(greatest(f, 0) - greatest(f - delta, 0))::bigint AS amount_change
      FROM r
     WHERE day <= $6::date
     GROUP BY 1, 2
  ) changes`;

/**
 * What happened on each Kyiv day $1 … $2: payments by channel (online: STRIPE and DEMO; bank:
 * BANK_IMPORT), counted on the day they succeeded, whatever happened to them later; call-list
 * additions and removals by reason; SMS opt-ins and opt-outs; disputes opened and resolved.
 * One row per (kind, day) with up to four figures.
 */
export const DAILY_FLOWS_SQL = `
SELECT 'payments' AS kind, ${kyivDay('p.succeeded_at')}::text AS day,
       count(*) FILTER (WHERE p.provider IN ('STRIPE', 'DEMO'))::int AS a,
       coalesce(sum(p.amount_kopecks) FILTER (WHERE p.provider IN ('STRIPE', 'DEMO')), 0)::bigint AS b,
       count(*) FILTER (WHERE p.provider = 'BANK_IMPORT')::int AS c,
       coalesce(sum(p.amount_kopecks) FILTER (WHERE p.provider = 'BANK_IMPORT'), 0)::bigint AS d
  FROM payment p
 WHERE ${withinDays('p.succeeded_at')}
 GROUP BY 2
UNION ALL
SELECT 'call-list-' || lower(e.action::text) || '-' || lower(e.reason::text), ${kyivDay('e.created_at')}::text,
       count(*)::int, 0, 0, 0
  FROM call_list_event e
 WHERE ${withinDays('e.created_at')}
 GROUP BY 1, 2
UNION ALL
SELECT 'sms-' || lower(r.action::text), ${kyivDay('r.created_at')}::text, count(*)::int, 0, 0, 0
  FROM consent_record r
 WHERE r.channel = 'SMS_REMINDERS' AND ${withinDays('r.created_at')}
 GROUP BY 1, 2
UNION ALL
SELECT 'disputes-opened', ${kyivDay('d.created_at')}::text, count(*)::int, 0, 0, 0
  FROM dispute d
 WHERE ${withinDays('d.created_at')}
 GROUP BY 2
UNION ALL
SELECT 'disputes-resolved', ${kyivDay('d.resolved_at')}::text, count(*)::int, 0, 0, 0
  FROM dispute d
 WHERE ${withinDays('d.resolved_at')}
 GROUP BY 2`;

/**
 * How the small stocks change per Kyiv day up to $2, days before $1 folded into $1: open
 * call-list entries (one row per stay: +1 the day it was added, −1 the day it was removed),
 * unresolved disputes (+1 opened, −1 resolved), and accounts whose latest SMS consent record is
 * an opt-in (consent_record is append-only and the contact preference follows its latest record:
 * the change of "opted in" from one record of an account to the next). Also `call-list-start`,
 * the first day with a call-list entry (null when there is none): earlier days have no list.
 */
export const STOCK_CHANGES_SQL = `
WITH changes AS (
  SELECT 'on-call-list' AS kind, ${kyivDay('c.added_at')} AS day, 1 AS delta FROM call_list_entry c
  UNION ALL
  SELECT 'on-call-list', ${kyivDay('c.removed_at')}, -1 FROM call_list_entry c WHERE c.removed_at IS NOT NULL
  UNION ALL
  SELECT 'disputes-open', ${kyivDay('d.created_at')}, 1 FROM dispute d
  UNION ALL
  SELECT 'disputes-open', ${kyivDay('d.resolved_at')}, -1 FROM dispute d WHERE d.resolved_at IS NOT NULL
  UNION ALL
  SELECT 'sms-accounts', day, state - lag(state, 1, 0) OVER (PARTITION BY account_id ORDER BY created_at, id)
    FROM (SELECT r.account_id, r.created_at, r.id, ${kyivDay('r.created_at')} AS day,
                 (r.action = 'OPT_IN')::int AS state
            FROM consent_record r WHERE r.channel = 'SMS_REMINDERS') s
)
SELECT kind, greatest(day, $1::date)::text AS day, sum(delta)::int AS delta
  FROM changes
 WHERE day <= $2::date
 GROUP BY 1, 2
UNION ALL
SELECT 'call-list-start', (SELECT ${kyivDay('min(c.added_at)')}::text FROM call_list_entry c), 0`;

/**
 * Today's debtors from the call-list rule itself on the kept state: wraps EVALUATE_CALL_LIST_SQL
 * (its parameters $1 … $8 from callListParams) and counts accounts with an overdue amount, those
 * at least $9 full months overdue, and the overdue total.
 */
export function liveDebtorsSql(evaluateCallListSql: string): string {
  return `
SELECT count(*) FILTER (WHERE x.overdue > 0)::int AS debtors,
       count(*) FILTER (WHERE x.overdue > 0 AND x.overdue_months >= $9::int)::int AS debtors_long,
       coalesce(sum(x.overdue), 0)::bigint AS overdue_kopecks
  FROM (${evaluateCallListSql}) x`;
}
