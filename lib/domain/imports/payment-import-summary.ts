import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { PaymentImportStatus } from '../../server/generated/prisma/enums';

/** An import's state and counters, as the console and the job report them. */
export type PaymentImportSummary = {
  id: number;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  encoding: string;
  delimiter: string;
  status: PaymentImportStatus;
  rowsTotal: number;
  rowsDone: number;
  booked: number;
  duplicates: number;
  refused: number;
  bookedKopecks: number;
  removedFromCallList: number;
  error: string | null;
  uploadedBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export const PAYMENT_IMPORT_SUMMARY_SELECT = {
  id: true,
  fileName: true,
  sha256: true,
  sizeBytes: true,
  encoding: true,
  delimiter: true,
  status: true,
  rowsTotal: true,
  rowsDone: true,
  booked: true,
  duplicates: true,
  refused: true,
  bookedKopecks: true,
  removedFromCallList: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  uploadedBy: { select: { name: true } },
} as const;

type Row = {
  [K in keyof typeof PAYMENT_IMPORT_SUMMARY_SELECT]: K extends 'uploadedBy'
    ? { name: string }
    : K extends 'bookedKopecks'
      ? bigint
      : PaymentImportSummary[K & keyof PaymentImportSummary];
};

export function toPaymentImportSummary(row: Row): PaymentImportSummary {
  return { ...row, bookedKopecks: Number(row.bookedKopecks), uploadedBy: row.uploadedBy.name };
}

/** One import's summary (without the file), or null. */
export async function readPaymentImportSummary(
  db: PrismaClient | Tx,
  importId: number,
): Promise<PaymentImportSummary | null> {
  const row = await db.paymentImport.findUnique({
    where: { id: importId },
    select: PAYMENT_IMPORT_SUMMARY_SELECT,
  });
  return row ? toPaymentImportSummary(row) : null;
}
