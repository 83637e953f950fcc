import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import { lockCallListFeed, lockCallListForRebuild } from './call-list-locks';
import {
  addJoiningAccounts,
  type CallListSource,
  removeLeavingAccounts,
  updateStayingAccounts,
} from './call-list-transitions-sql';
import { callListParams, EVALUATE_CALL_LIST_SQL } from './evaluate-call-list-sql';

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
  options: { asOf?: Date; rules: BillingRules },
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
  options: { asOf?: Date; rules: BillingRules },
): Promise<RebuildCallListResult> {
  const asOf = options.asOf ?? new Date();
  const { rules } = options;
  await lockCallListForRebuild(tx);
  await lockCallListFeed(tx);
  // One pass over 600,000 accounts: its sorts and hashes (a few tens of MB) fit in memory
  // instead of spilling to disk at the default 4 MB, and JIT compilation (~0.3 s, chosen for the
  // plan's large estimated cost) buys nothing for a query that reads mostly index probes.
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
  await tx.$executeRawUnsafe('SET LOCAL jit = off');
  await tx.$executeRawUnsafe('DROP TABLE IF EXISTS call_list_eval');
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE call_list_eval ON COMMIT DROP AS ${EVALUATE_CALL_LIST_SQL}`,
    ...callListParams(asOf, rules, 'ALL'),
  );
  await tx.$executeRawUnsafe('CREATE INDEX ON call_list_eval (account_id)');
  await tx.$executeRawUnsafe('ANALYZE call_list_eval');

  const everyAccount: CallListSource = { relation: 'call_list_eval', params: [] };
  const removed = await removeLeavingAccounts(tx, everyAccount, asOf);
  const updated = await updateStayingAccounts(tx, everyAccount);
  const added = await addJoiningAccounts(tx, everyAccount, asOf);
  // A rebuild can change tens of thousands of entries at once: fresh statistics keep the
  // dialer's batched reads on the index (autovacuum would get there only later).
  await tx.$executeRawUnsafe('ANALYZE call_list_entry');
  const [count] = await tx.$queryRawUnsafe<{ on_list: number }[]>(
    'SELECT count(*)::int AS on_list FROM call_list_entry WHERE removed_at IS NULL',
  );
  return { added, removed, updated, onList: count?.on_list ?? 0 };
}
