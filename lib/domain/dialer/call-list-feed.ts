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
};

/**
 * The whole call list as one consistent snapshot, produced in batches so that 120,000 rows
 * stream without being held in memory. A REPEATABLE READ transaction pins the snapshot; the
 * cursor is the newest changes-feed event in it, and because feed ids are handed out in commit
 * order (lockCallListFeed) every change after the cursor is one this snapshot does not show.
 */
export async function openCallListSnapshot(
  pool: pg.Pool,
  options: { batchSize?: number } = {},
): Promise<CallListSnapshot> {
  const batchSize = options.batchSize ?? 2_000;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const head = await client.query<{ cursor: string }>(
      'SELECT coalesce(max(id), 0)::text AS cursor FROM call_list_event',
    );
    const cursor = head.rows[0]?.cursor ?? '0';
    return { cursor, rows: batches(client, batchSize) };
  } catch (error) {
    client.release();
    throw error;
  }
}

async function* batches(client: pg.PoolClient, batchSize: number): AsyncGenerator<CallListRow[]> {
  let finished = false;
  try {
    let after = 0;
    for (;;) {
      const result = await client.query<{
        account_id: number;
        number: string;
        phone_e164: string;
        overdue_kopecks: number;
        overdue_months: number;
        added_at: Date;
      }>(
        `SELECT e.account_id, a.number, e.phone_e164, e.overdue_kopecks, e.overdue_months, e.added_at
           FROM call_list_entry e JOIN account a ON a.id = e.account_id
          WHERE e.removed_at IS NULL AND e.account_id > $1
          ORDER BY e.account_id
          LIMIT $2`,
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
    await client.query('COMMIT');
    finished = true;
  } finally {
    if (!finished) await client.query('ROLLBACK').catch(() => {});
    client.release();
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
