import 'server-only';
import type pg from 'pg';
import type { PrismaClient } from '../../server/db';
import type { CallListAction, CallListReason } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';

export type CallListRow = {
  accountNumber: string;
  phone: string;
  overdue: number;
  overdueMonths: number;
  since: string;
};

export type CallListSnapshot = {
  /** The changes-feed position this snapshot is consistent with: poll changes after it. */
  cursor: string;
  rows: AsyncGenerator<CallListRow[]>;
  /**
   * Ends the snapshot's transaction and returns its connection to the pool. Idempotent; called
   * when the rows are exhausted, on any error, and by the caller when the client goes away —
   * before the first row as well as mid-stream. An abandoned snapshot is also ended by the
   * server itself (idle-in-transaction timeout) and by `maxLifetimeMs`.
   */
  close: () => Promise<void>;
};

/** Server-side limits of a snapshot's transaction (SET LOCAL): nothing can hold it for ever. */
const SNAPSHOT_STATEMENT_TIMEOUT = '30s';
const SNAPSHOT_IDLE_TIMEOUT = '60s';

/**
 * The whole call list as one consistent snapshot, produced in batches so that 120,000 rows
 * stream without being held in memory. A REPEATABLE READ transaction pins the snapshot; the
 * cursor is the newest changes-feed event in it, and because feed ids are handed out in commit
 * order (lockCallListFeed) every change after the cursor is one this snapshot does not show.
 * The connection is returned by `close()` whatever happens; a snapshot still open after
 * `maxLifetimeMs` (a client reading too slowly, or never) is closed by a timer.
 */
export async function openCallListSnapshot(
  pool: pg.Pool,
  options: { batchSize?: number; maxLifetimeMs?: number } = {},
): Promise<CallListSnapshot> {
  const batchSize = options.batchSize ?? 2_000;
  const client = await pool.connect();
  // A connection the server ends (timeouts) must not crash the process while checked out.
  const onError = () => {};
  client.on('error', onError);
  let closed: Promise<void> | undefined;
  const isClosed = () => closed !== undefined;
  let timer: NodeJS.Timeout | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      clearTimeout(timer);
      let broken: Error | undefined;
      await client.query('ROLLBACK').catch((error: unknown) => {
        broken = error instanceof Error ? error : new Error(String(error));
      });
      client.off('error', onError);
      // A connection whose ROLLBACK failed is destroyed, not reused.
      client.release(broken);
    })();
    return closed;
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET LOCAL statement_timeout = '${SNAPSHOT_STATEMENT_TIMEOUT}'`);
    await client.query(
      `SET LOCAL idle_in_transaction_session_timeout = '${SNAPSHOT_IDLE_TIMEOUT}'`,
    );
    const head = await client.query<{ cursor: string }>(
      'SELECT coalesce(max(id), 0)::text AS cursor FROM call_list_event',
    );
    const cursor = head.rows[0]?.cursor ?? '0';
    timer = setTimeout(() => void close(), options.maxLifetimeMs ?? 5 * 60_000);
    timer.unref();
    return { cursor, rows: batches(client, batchSize, close, isClosed), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function* batches(
  client: pg.PoolClient,
  batchSize: number,
  close: () => Promise<void>,
  isClosed: () => boolean,
): AsyncGenerator<CallListRow[]> {
  try {
    let after = 0;
    for (;;) {
      // Never a query on a connection already handed back to the pool.
      if (isClosed()) return;
      const result = await client.query<{
        account_id: number;
        number: string;
        phone_e164: string;
        overdue_kopecks: number;
        overdue_months: number;
        added_at: Date;
      }>(
        // The batch's entries first, then their accounts: each batch joins only its own rows,
        // whatever the planner thinks of how many entries are left.
        `SELECT e.account_id, a.number, e.phone_e164, e.overdue_kopecks, e.overdue_months, e.added_at
           FROM (SELECT account_id, phone_e164, overdue_kopecks, overdue_months, added_at
                   FROM call_list_entry
                  WHERE removed_at IS NULL AND account_id > $1
                  ORDER BY account_id
                  LIMIT $2) e
           JOIN account a ON a.id = e.account_id
          ORDER BY e.account_id`,
        [after, batchSize],
      );
      const last = result.rows.at(-1);
      if (!last) break;
      after = last.account_id;
      yield result.rows.map((row) => ({
        accountNumber: row.number,
        phone: row.phone_e164,
        overdue: row.overdue_kopecks,
        overdueMonths: row.overdue_months,
        since: row.added_at.toISOString(),
      }));
    }
  } finally {
    // Read-only: ending with ROLLBACK is the same as COMMIT, and one path is simpler.
    await close();
  }
}

export type CallListChange = {
  cursor: string;
  accountNumber: string;
  action: CallListAction;
  reason: CallListReason;
  phone: string;
  overdue: number;
  overdueMonths: number;
  at: string;
};

const CURSOR = /^\d{1,18}$/;
export const MAX_CHANGES_PAGE = 5_000;

/**
 * Add/remove events after `after`, oldest first. A dialer polling every few seconds learns of
 * a removal as soon as the payment's transaction has committed.
 */
export async function listCallListChanges(
  prisma: PrismaClient,
  options: { after: string | null; limit?: number },
): Promise<{ changes: CallListChange[]; cursor: string }> {
  const after = options.after ?? '0';
  if (!CURSOR.test(after))
    throw new AppError('INVALID_INPUT', 'after must be a cursor returned by this API');
  const limit = options.limit ?? 1_000;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_CHANGES_PAGE) {
    throw new AppError('INVALID_INPUT', `limit must be 1..${MAX_CHANGES_PAGE}`);
  }
  const events = await prisma.callListEvent.findMany({
    where: { id: { gt: BigInt(after) } },
    orderBy: { id: 'asc' },
    take: limit,
    select: {
      id: true,
      action: true,
      reason: true,
      createdAt: true,
      account: { select: { number: true } },
      entry: { select: { phoneE164: true, overdueKopecks: true, overdueMonths: true } },
    },
  });
  const changes = events.map((event) => ({
    cursor: event.id.toString(),
    accountNumber: event.account.number,
    action: event.action,
    reason: event.reason,
    phone: event.entry.phoneE164,
    overdue: event.entry.overdueKopecks,
    overdueMonths: event.entry.overdueMonths,
    at: event.createdAt.toISOString(),
  }));
  return { changes, cursor: changes.at(-1)?.cursor ?? after };
}
