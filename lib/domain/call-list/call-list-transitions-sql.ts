import 'server-only';
import type { Tx } from '../../server/db';
import type { CallListEvaluation } from './call-list-reason';

/**
 * The call list's three transitions (DESIGN rule 3), written once, in SQL, and used both by
 * the set-based rebuild (source: a temp table of every account's evaluation) and by the
 * refresh of one account or a batch's accounts inside a business transaction (source: the
 * evaluated rows passed as array parameters). A `source` relation has the columns of EVALUATE_CALL_LIST_SQL: account_id,
 * phone, overdue, overdue_months, reason. "Belongs on the list" is `reason = 'OVERDUE'` (the
 * evaluation already puts NO_PHONE before OVERDUE).
 *
 * - REMOVE: an open stay whose account no longer belongs is closed with the evaluation's
 *   reason, never dated before it was added (clock skew between instances, a rebuild dated
 *   ahead), and a REMOVED event goes to the dialer's changes feed.
 * - UPDATE: an open stay of an account that still belongs gets the current overdue figures
 *   (no feed event: membership did not change).
 * - ADD: an account that belongs and has no open stay gets one, and an ADDED event.
 *
 * Callers hold lockCallListFeed before REMOVE or ADD (they write the feed).
 */
export type CallListSource = {
  /** A relation (table name or parenthesised subquery) with the evaluation's columns. */
  relation: string;
  /** Values of the relation's own placeholders, $1..$n. */
  params: readonly unknown[];
};

/**
 * Evaluated accounts (one, or a batch's) as a relation of five array parameters $1..$5, one
 * element per account: what a refresh inside a business transaction applies.
 */
export function evaluatedAccountsSource(rows: readonly CallListEvaluation[]): CallListSource {
  return {
    relation: `(SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::int[],
                                     $5::call_list_reason[])
                   AS v(account_id, phone, overdue, overdue_months, reason))`,
    params: [
      rows.map((row) => row.accountId),
      rows.map((row) => row.phone),
      rows.map((row) => row.overdue),
      rows.map((row) => row.overdueMonths),
      rows.map((row) => row.reason),
    ],
  };
}

function asOfParam(source: CallListSource): string {
  return `$${source.params.length + 1}::timestamptz`;
}

export async function removeLeavingAccounts(tx: Tx, source: CallListSource, asOf: Date) {
  const at = asOfParam(source);
  return tx.$executeRawUnsafe(
    `WITH closed AS (
       UPDATE call_list_entry e
          SET removed_at = greatest(${at}, e.added_at), removal_reason = v.reason
         FROM ${source.relation} v
        WHERE e.account_id = v.account_id AND e.removed_at IS NULL AND v.reason <> 'OVERDUE'
       RETURNING e.id, e.account_id, e.removal_reason
     )
     INSERT INTO call_list_event (entry_id, account_id, action, reason, created_at)
     SELECT id, account_id, 'REMOVED', removal_reason, ${at} FROM closed ORDER BY account_id`,
    ...source.params,
    asOf,
  );
}

export async function updateStayingAccounts(tx: Tx, source: CallListSource) {
  return tx.$executeRawUnsafe(
    `UPDATE call_list_entry e
        SET overdue_kopecks = v.overdue, overdue_months = v.overdue_months
       FROM ${source.relation} v
      WHERE e.account_id = v.account_id AND e.removed_at IS NULL AND v.reason = 'OVERDUE'
        AND (e.overdue_kopecks <> v.overdue OR e.overdue_months <> v.overdue_months)`,
    ...source.params,
  );
}

export async function addJoiningAccounts(tx: Tx, source: CallListSource, asOf: Date) {
  const at = asOfParam(source);
  return tx.$executeRawUnsafe(
    `WITH opened AS (
       INSERT INTO call_list_entry (account_id, phone_e164, overdue_kopecks, overdue_months, added_at)
       SELECT v.account_id, v.phone, v.overdue, v.overdue_months, ${at}
         FROM ${source.relation} v
        WHERE v.reason = 'OVERDUE'
          AND NOT EXISTS (SELECT 1 FROM call_list_entry e
                           WHERE e.account_id = v.account_id AND e.removed_at IS NULL)
        ORDER BY v.account_id
       RETURNING id, account_id
     )
     INSERT INTO call_list_event (entry_id, account_id, action, reason, created_at)
     SELECT id, account_id, 'ADDED', 'OVERDUE', ${at} FROM opened ORDER BY account_id`,
    ...source.params,
    asOf,
  );
}
