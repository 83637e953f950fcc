import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { PaymentImportRowReason } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { type PaymentImportSummary, readPaymentImportSummary } from './payment-import-summary';

export type PaymentImportView = PaymentImportSummary & {
  /** Rows not booked, by reason. */
  reasons: { reason: PaymentImportRowReason; rows: number }[];
  /** Earlier imports of the very same file (same SHA-256): a re-upload books nothing twice. */
  sameFileBefore: number[];
};

/** One import for its console page (ADMIN). Throws FORBIDDEN, NOT_FOUND. */
export async function getPaymentImport(
  db: PrismaClient | Tx,
  actor: StaffActor,
  options: { importId: number },
): Promise<PaymentImportView> {
  requireRole(actor, 'ADMIN');
  const found = Number.isSafeInteger(options.importId)
    ? await readPaymentImportSummary(db, options.importId)
    : null;
  if (!found) {
    throw new AppError('NOT_FOUND', 'no such payment import', { what: 'paymentImport' });
  }
  const reasons = await db.paymentImportRow.groupBy({
    by: ['reason'],
    where: { importId: found.id },
    _count: { _all: true },
    orderBy: { reason: 'asc' },
  });
  const earlier = await db.paymentImport.findMany({
    where: { sha256: found.sha256, id: { lt: found.id } },
    select: { id: true },
    orderBy: { id: 'asc' },
    take: 20,
  });
  return {
    ...found,
    reasons: reasons.map((group) => ({ reason: group.reason, rows: group._count._all })),
    sameFileBefore: earlier.map((row) => row.id),
  };
}
