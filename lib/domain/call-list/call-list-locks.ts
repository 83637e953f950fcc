import 'server-only';
import type { Tx } from '../../server/db';

/**
 * The two locks that keep the call list consistent under concurrency. Every writer of
 * call_list_entry / call_list_event takes them through these functions.
 */

/**
 * Orders single-account refreshes after a running full rebuild (which holds SHARE ROW
 * EXCLUSIVE): refreshes do not block each other, and a refresh never acts on an evaluation
 * older than a rebuild's writes.
 */
export async function lockCallListForRefresh(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('LOCK TABLE call_list_entry IN ROW EXCLUSIVE MODE');
}

/**
 * Serialises concurrent evaluations of the same accounts (two webhooks, a webhook and a bank
 * import batch), taken after lockCallListForRefresh. In id order, so two batches never
 * deadlock. NO KEY UPDATE, not UPDATE: it must not conflict with the KEY SHARE locks that
 * foreign-key checks of the same transaction's siblings hold (payment and ledger rows
 * referencing the account), or two payments for one account deadlock; it is the lock the
 * balance trigger's UPDATE takes anyway.
 */
export async function lockAccountsForRefresh(tx: Tx, accountIds: readonly number[]): Promise<void> {
  await tx.$queryRawUnsafe(
    'SELECT id FROM account WHERE id = ANY($1::int[]) ORDER BY id FOR NO KEY UPDATE',
    [...accountIds],
  );
}

/** Held by a full rebuild for its whole transaction: refreshes wait for it (see above). */
export async function lockCallListForRebuild(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('LOCK TABLE call_list_entry IN SHARE ROW EXCLUSIVE MODE');
}

/** Key of the transaction-scoped advisory lock that orders the changes feed. */
const FEED_LOCK_KEY = 740_311_001;

/**
 * Serialises writers of call_list_event from here until their commit, so that event ids are
 * handed out in commit order. Without it a slow transaction could commit id 100 after a fast
 * one committed 101, and a dialer that had already read past 101 would never see 100. Taken
 * only when membership changes, at the end of the business transaction, so it is held for
 * one insert and the commit.
 */
export async function lockCallListFeed(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', FEED_LOCK_KEY);
}
