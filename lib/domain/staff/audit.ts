import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { Prisma } from '../../server/generated/prisma/client';
import type { StaffActor } from './staff-actor';

/**
 * The audit log (append-only in the database): every staff action and every staff view of a
 * resident's personal data, written in the same transaction as the action it records.
 * `action` names are dotted, e.g. `account.view`, `dispute.resolve`, `adjustment.approve`.
 */
export type AuditEntry = {
  action: string;
  accountId?: number | null;
  targetType?: string;
  targetId?: string | number | bigint;
  detail?: Prisma.InputJsonValue;
};

export async function recordAudit(
  tx: PrismaClient | Tx,
  actor: StaffActor,
  entry: AuditEntry,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorKind: 'STAFF',
      staffUserId: actor.staffUserId,
      action: entry.action,
      accountId: entry.accountId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      detail: entry.detail,
    },
  });
}
