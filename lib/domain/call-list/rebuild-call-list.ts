import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { type BillingRules, DEFAULT_BILLING_RULES } from '../billing-rules';
import { EVALUATE_CALL_LIST_SQL } from './evaluate-call-list-sql';
import { callListParams, lockCallListFeed } from './refresh-call-list-entry';

export type RebuildCallListResult = {
  added: number;
  removed: number;
  updated: number;
  onList: number;
};

/**
 * Re-evaluates every account's call-list membership in one set-based pass (after a period
 * close, or on demand) and records the adds and removals. Runs in one transaction: the dialer
 * sees the whole new list or the old one. It holds SHARE ROW EXCLUSIVE on call_list_entry, so
 * single-account refreshes that start meanwhile wait and then re-evaluate on fresh data.
 * Idempotent: a second run with nothing changed records nothing.
 */
export async function rebuildCallList(
  db: PrismaClient | Tx,
  options: { asOf?: Date; rules?: BillingRules } = {},
): Promise<RebuildCallListResult> {
  if ('$transaction' in db) {
    return db.$transaction((tx) => rebuildInTransaction(tx, options), {
      timeout: 10 * 60_000,
      maxWait: 60_000,
    });
  }
  return rebuildInTransaction(db, options);
}

async function rebuildInTransaction(
  tx: Tx,
  options: { asOf?: Date; rules?: BillingRules },
): Promise<RebuildCallListResult> {
  const asOf = options.asOf ?? new Date();
  const rules = options.rules ?? DEFAULT_BILLING_RULES;
  await tx.$executeRawUnsafe('LOCK TABLE call_list_entry IN SHARE ROW EXCLUSIVE MODE');
  await lockCallListFeed(tx);
  await tx.$executeRawUnsafe('DROP TABLE IF EXISTS call_list_eval');
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE call_list_eval ON COMMIT DROP AS ${EVALUATE_CALL_LIST_SQL}`,
    ...callListParams(asOf, rules, null),
  );
  await tx.$executeRawUnsafe('CREATE INDEX ON call_list_eval (account_id)');
  await tx.$executeRawUnsafe('ANALYZE call_list_eval');

  const removed = await tx.$executeRawUnsafe(
    `WITH closed AS (
       UPDATE call_list_entry e
          SET removed_at = greatest($1, e.added_at), removal_reason = v.reason
         FROM call_list_eval v
        WHERE e.account_id = v.account_id AND e.removed_at IS NULL
          AND (v.reason <> 'OVERDUE' OR v.phone IS NULL)
       RETURNING e.id, e.account_id, e.removal_reason
     )
     INSERT INTO call_list_event (entry_id, account_id, action, reason, created_at)
     SELECT id, account_id, 'REMOVED', removal_reason, $1 FROM closed ORDER BY account_id`,
    asOf,
  );
  const updated = await tx.$executeRawUnsafe(
    `UPDATE call_list_entry e
        SET overdue_kopecks = v.overdue, overdue_months = v.overdue_months
       FROM call_list_eval v
      WHERE e.account_id = v.account_id AND e.removed_at IS NULL AND v.reason = 'OVERDUE'
        AND (e.overdue_kopecks <> v.overdue OR e.overdue_months <> v.overdue_months)`,
  );
  const added = await tx.$executeRawUnsafe(
    `WITH opened AS (
       INSERT INTO call_list_entry (account_id, phone_e164, overdue_kopecks, overdue_months, added_at)
       SELECT v.account_id, v.phone, v.overdue, v.overdue_months, $1
         FROM call_list_eval v
        WHERE v.reason = 'OVERDUE' AND v.phone IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM call_list_entry e
                           WHERE e.account_id = v.account_id AND e.removed_at IS NULL)
        ORDER BY v.account_id
       RETURNING id, account_id
     )
     INSERT INTO call_list_event (entry_id, account_id, action, reason, created_at)
     SELECT id, account_id, 'ADDED', 'OVERDUE', $1 FROM opened ORDER BY account_id`,
    asOf,
  );
  const [count] = await tx.$queryRawUnsafe<{ on_list: number }[]>(
    'SELECT count(*)::int AS on_list FROM call_list_entry WHERE removed_at IS NULL',
  );
  return { added, removed, updated, onList: count?.on_list ?? 0 };
}
