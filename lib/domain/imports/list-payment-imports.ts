import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import {
  PAYMENT_IMPORT_SUMMARY_SELECT,
  type PaymentImportSummary,
  toPaymentImportSummary,
} from './payment-import-summary';

/** The newest imports first (ADMIN), a page of `pageSize`; `hasMore` from one row more. */
export async function listPaymentImports(
  db: PrismaClient | Tx,
  actor: StaffActor,
  options: { page: number; pageSize: number },
): Promise<{ rows: PaymentImportSummary[]; hasMore: boolean }> {
  requireRole(actor, 'ADMIN');
  const page = Math.max(1, Math.floor(options.page));
  const rows = await db.paymentImport.findMany({
    orderBy: { id: 'desc' },
    skip: (page - 1) * options.pageSize,
    take: options.pageSize + 1,
    select: PAYMENT_IMPORT_SUMMARY_SELECT,
  });
  return {
    rows: rows.slice(0, options.pageSize).map(toPaymentImportSummary),
    hasMore: rows.length > options.pageSize,
  };
}
