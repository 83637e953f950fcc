import 'server-only';
import { csvCell } from '../../csv-cell';
import type { PrismaClient, Tx } from '../../server/db';
import type { ActorKind, Prisma } from '../../server/generated/prisma/client';
import { AppError } from '../app-error';
import { recordAudit } from './audit';
import { requireRole, type StaffActor } from './staff-actor';

/**
 * Reading the audit log (append-only in the database; written by recordAudit in the same
 * transaction as each action): SUPERVISOR or higher, newest first, filtered by staff member,
 * account, action prefix and period. The CSV export is itself audited (`audit.export`).
 */
export type AuditLogFilters = {
  staffUserId?: number;
  /** Exact account number (spaces and dashes ignored); an unknown number matches nothing. */
  accountNumber?: string;
  /** A prefix of the dotted action name: `payment.` matches `payment.attach`, `payment.refund`. */
  action?: string;
  /** From this moment, inclusive. */
  from?: Date;
  /** Up to this moment, exclusive. */
  to?: Date;
};

export type AuditLogRow = {
  /** audit_log.id (a bigint, as text). */
  id: string;
  createdAt: Date;
  actorKind: ActorKind;
  staff: { id: number; name: string; email: string } | null;
  action: string;
  account: { id: number; number: string } | null;
  targetType: string | null;
  targetId: string | null;
  detail: Prisma.JsonValue | null;
};

export type AuditLogPage = { rows: AuditLogRow[]; hasMore: boolean };

export const MAX_AUDIT_PAGE_SIZE = 200;
/** An export stops after this many rows and says so in its last line. */
export const MAX_AUDIT_EXPORT_ROWS = 50_000;
const EXPORT_BATCH = 2_000;

const SELECT = {
  id: true,
  createdAt: true,
  actorKind: true,
  action: true,
  targetType: true,
  targetId: true,
  detail: true,
  staffUser: { select: { id: true, name: true, email: true } },
  account: { select: { id: true, number: true } },
} as const;

type Selected = Prisma.AuditLogGetPayload<{ select: typeof SELECT }>;

function toRow(row: Selected): AuditLogRow {
  return {
    id: row.id.toString(),
    createdAt: row.createdAt,
    actorKind: row.actorKind,
    staff: row.staffUser,
    action: row.action,
    account: row.account,
    targetType: row.targetType,
    targetId: row.targetId,
    detail: row.detail,
  };
}

/**
 * Prisma passes `startsWith` to LIKE unescaped: the wildcards of a typed prefix must match
 * themselves (`bill_code`, not `bill` + any character + `code`).
 */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(filters: AuditLogFilters): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (filters.staffUserId !== undefined) and.push({ staffUserId: filters.staffUserId });
  if (filters.accountNumber !== undefined) {
    const number = filters.accountNumber.replace(/[\s\-.\u2010-\u2015]/g, '');
    and.push({ account: { is: { number } } });
  }
  if (filters.action !== undefined && filters.action.trim() !== '') {
    and.push({ action: { startsWith: escapeLike(filters.action.trim()) } });
  }
  if (filters.from) and.push({ createdAt: { gte: filters.from } });
  if (filters.to) and.push({ createdAt: { lt: filters.to } });
  return { AND: and };
}

/**
 * One page of the audit log, newest first (SUPERVISOR or higher). Pages are numbered from 1;
 * `hasMore` comes from reading one row more than the page, never from a count.
 * Throws FORBIDDEN, INVALID_INPUT (`page`).
 */
export async function listAuditLog(
  db: PrismaClient | Tx,
  actor: StaffActor,
  options: AuditLogFilters & { page: number; pageSize: number },
): Promise<AuditLogPage> {
  requireRole(actor, 'SUPERVISOR');
  if (!Number.isInteger(options.page) || options.page < 1) {
    throw new AppError('INVALID_INPUT', 'page must be a whole number from 1', {
      field: 'page',
      problem: 'OUT_OF_RANGE',
    });
  }
  if (
    !Number.isInteger(options.pageSize) ||
    options.pageSize < 1 ||
    options.pageSize > MAX_AUDIT_PAGE_SIZE
  ) {
    throw new RangeError(`pageSize must be 1–${MAX_AUDIT_PAGE_SIZE}`);
  }
  const rows = await db.auditLog.findMany({
    where: whereOf(options),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (options.page - 1) * options.pageSize,
    take: options.pageSize + 1,
    select: SELECT,
  });
  return {
    rows: rows.slice(0, options.pageSize).map(toRow),
    hasMore: rows.length > options.pageSize,
  };
}

const HEADER = [
  'time_utc',
  'actor_kind',
  'staff_name',
  'staff_email',
  'action',
  'account_number',
  'target_type',
  'target_id',
  'detail',
];

function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map((cell) => csvCell(cell ?? '')).join(',')}\r\n`;
}

function rowLine(row: Selected): string {
  return csvLine([
    row.createdAt.toISOString(),
    row.actorKind,
    row.staffUser?.name,
    row.staffUser?.email,
    row.action,
    row.account?.number,
    row.targetType,
    row.targetId,
    row.detail === null ? '' : JSON.stringify(row.detail),
  ]);
}

/**
 * The audit log as CSV (SUPERVISOR or higher), newest first: a header row, then one line per
 * entry (CRLF), times in ISO 8601 UTC, the detail as JSON, every cell through csvCell (a cell
 * that would start a formula is escaped). The log as it stood when the export was asked for
 * (entries up to the newest id then), read in keyset batches of 2,000 as the consumer pulls,
 * so a large export never sits in memory; at most MAX_AUDIT_EXPORT_ROWS rows, after which a
 * last line says it was cut short. The export is recorded first (`audit.export`, with the
 * filters), in its own transaction.
 * Throws FORBIDDEN (before anything is read or written).
 */
export async function auditLogCsv(
  prisma: PrismaClient,
  actor: StaffActor,
  filters: AuditLogFilters,
): Promise<AsyncIterable<string>> {
  requireRole(actor, 'SUPERVISOR');
  const [newest] = await prisma.$queryRaw<{ id: bigint | null }[]>`
    SELECT max(id) AS id FROM audit_log`;
  const upTo = newest?.id ?? 0n;
  await prisma.$transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'audit.export',
      detail: {
        staffUserId: filters.staffUserId ?? null,
        accountNumber: filters.accountNumber ?? null,
        action: filters.action ?? null,
        from: filters.from?.toISOString() ?? null,
        to: filters.to?.toISOString() ?? null,
        maxRows: MAX_AUDIT_EXPORT_ROWS,
      },
    }),
  );
  const where = whereOf(filters);
  return (async function* lines() {
    yield csvLine(HEADER);
    let after: { createdAt: Date; id: bigint } | null = null;
    let written = 0;
    while (written < MAX_AUDIT_EXPORT_ROWS) {
      const take = Math.min(EXPORT_BATCH, MAX_AUDIT_EXPORT_ROWS - written);
      const batch: Selected[] = await prisma.auditLog.findMany({
        where: {
          AND: [
            where,
            { id: { lte: upTo } },
            after
              ? {
                  OR: [
                    { createdAt: { lt: after.createdAt } },
                    { createdAt: after.createdAt, id: { lt: after.id } },
                  ],
                }
              : {},
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take,
        select: SELECT,
      });
      for (const row of batch) yield rowLine(row);
      written += batch.length;
      const last = batch.at(-1);
      if (batch.length < take || !last) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
    const more = await prisma.auditLog.findFirst({
      where: {
        AND: [
          where,
          { id: { lte: upTo } },
          after
            ? {
                OR: [
                  { createdAt: { lt: after.createdAt } },
                  { createdAt: after.createdAt, id: { lt: after.id } },
                ],
              }
            : {},
        ],
      },
      select: { id: true },
    });
    if (more) {
      yield csvLine([
        `(cut short after ${MAX_AUDIT_EXPORT_ROWS} rows: narrow the period or the filters)`,
      ]);
    }
  })();
}
