import 'server-only';
import { csvCell } from '../../csv-cell';
import type { PrismaClient } from '../../server/db';
import type { PaymentImportRowReason } from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';

/** Each reason as the error report states it to staff. */
export const IMPORT_ROW_REASON_UK: Readonly<Record<PaymentImportRowReason, string>> = {
  DUPLICATE: 'вже зараховано раніше (той самий референс, рахунок і сума): не зараховано вдруге',
  UNKNOWN_ACCOUNT: 'немає такого особового рахунку',
  BAD_CHECK_DIGIT: 'помилка в номері рахунку (контрольна цифра не збігається)',
  BAD_AMOUNT: 'сума не число, нульова, від’ємна або понад 100 000,00 грн',
  BAD_DATE: 'дата не розпізнана або ще не настала',
  MISSING_REFERENCE: 'немає референсу платежу',
  DUPLICATE_REFERENCE: 'цей референс уже зараховано з іншим рахунком або сумою',
};

/**
 * The header of the error report. The registry's own column names (рахунок, сума, дата,
 * платник, референс) come back unchanged, so a corrected report can be uploaded as a registry
 * (the row and reason columns are ignored then).
 */
const HEADER = [
  'рядок',
  'код причини',
  'причина',
  'рахунок',
  'сума',
  'дата',
  'платник',
  'референс',
];

const BATCH = 2000;

function csvLine(cells: (string | number)[]): string {
  return `${cells.map((cell) => csvCell(cell)).join(',')}\r\n`;
}

/**
 * An import's error report as CSV (ADMIN): every row not booked, in file order, with its line,
 * its reason (code and words) and its cells as the file had them, read in keyset batches as the
 * consumer pulls. UTF-8 with a BOM (so that a spreadsheet reads the Cyrillic), comma-separated,
 * CRLF, every cell through csvCell. Holds registry data (names, account numbers): the download
 * is recorded in the audit log first (`payment-import.errors`).
 * Throws FORBIDDEN, NOT_FOUND (before anything is written).
 */
export async function paymentImportErrorsCsv(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { importId: number },
): Promise<AsyncIterable<string>> {
  requireRole(actor, 'ADMIN');
  const found = Number.isSafeInteger(options.importId)
    ? await prisma.paymentImport.findUnique({
        where: { id: options.importId },
        select: { id: true },
      })
    : null;
  if (!found) {
    throw new AppError('NOT_FOUND', 'no such payment import', { what: 'paymentImport' });
  }
  await prisma.$transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'payment-import.errors',
      targetType: 'payment_import',
      targetId: found.id,
    }),
  );
  return (async function* lines() {
    yield `\uFEFF${csvLine(HEADER)}`;
    let after = 0;
    for (;;) {
      const rows = await prisma.paymentImportRow.findMany({
        where: { importId: found.id, rowNumber: { gt: after } },
        orderBy: { rowNumber: 'asc' },
        take: BATCH,
      });
      for (const row of rows) {
        yield csvLine([
          row.rowNumber,
          row.reason,
          IMPORT_ROW_REASON_UK[row.reason],
          row.accountNumber,
          row.amount,
          row.paidAt,
          row.payer,
          row.reference,
        ]);
      }
      const last = rows.at(-1);
      if (!last || rows.length < BATCH) return;
      after = last.rowNumber;
    }
  })();
}
