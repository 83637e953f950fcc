import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { AccountNumberScheme } from '../accounts/account-number';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { EnqueuePaymentConfirmation } from '../payments/book-provider-payment';
import { bookRegistryBatch } from './book-registry-batch';
import { type PaymentImportSummary, readPaymentImportSummary } from './payment-import-summary';
import { type RawRegistryRow, readRegistryRows } from './read-registry-rows';
import type { RegistryDelimiter } from './registry-delimiter';
import { decodeRegistry, type RegistryEncoding } from './registry-encoding';

/** Rows per batch transaction (issue 10: ~1,000). */
export const IMPORT_BATCH_ROWS = 1000;

/** The stored file is read in slices of this many bytes. */
const SLICE_BYTES = 1 << 20;

/** The stored registry, slice by slice: never the whole file in memory. */
async function* storedRegistry(
  db: PrismaClient,
  importId: number,
  sizeBytes: number,
): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < sizeBytes; offset += SLICE_BYTES) {
    const [slice] = await db.$queryRawUnsafe<{ part: Uint8Array }[]>(
      'SELECT substring(content FROM $2 FOR $3) AS part FROM payment_import WHERE id = $1',
      importId,
      offset + 1,
      SLICE_BYTES,
    );
    if (!slice) throw new Error(`payment import ${importId} disappeared`);
    yield slice.part;
  }
}

async function summary(db: PrismaClient, importId: number): Promise<PaymentImportSummary> {
  const found = await readPaymentImportSummary(db, importId);
  if (!found) {
    throw new AppError('NOT_FOUND', `no payment import ${importId}`, { what: 'paymentImport' });
  }
  return found;
}

/**
 * The payment-import job (issue 10, docs/payment-imports.md): books an uploaded registry. It
 * streams the stored file (storedRegistry → decodeRegistry → readRegistryRows), skips the data
 * rows the checkpoint says are settled (a resumed run after a crash, or a retry of the job),
 * and settles the rest in batches of `batchRows`, each batch ONE transaction
 * (bookRegistryBatch: book, report, count, advance the checkpoint), so a crash loses at most
 * the batch in flight and a resume books nothing twice. When every row is settled the import
 * is COMPLETED. An import already COMPLETED or FAILED is left as it is. Two runs of one import
 * at once do not double anything: the batch lock and checkpoint stop the one that falls behind.
 * `onBatch` runs inside each batch's transaction before it commits (tests simulate a crash
 * there). Returns the import's summary.
 */
export async function runPaymentImport(
  db: PrismaClient,
  options: {
    importId: number;
    rules: BillingRules;
    scheme: AccountNumberScheme;
    enqueuePaymentConfirmation: EnqueuePaymentConfirmation;
    batchRows?: number;
    now?: () => Date;
    onBatch?: (tx: Tx, batch: { index: number; rowsDone: number }) => Promise<void> | void;
  },
): Promise<PaymentImportSummary> {
  const { importId } = options;
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  const [claimed] = await db.$queryRawUnsafe<
    {
      rows_done: number;
      encoding: RegistryEncoding;
      delimiter: RegistryDelimiter;
      size_bytes: number;
    }[]
  >(
    `UPDATE payment_import
        SET status = 'RUNNING', started_at = coalesce(started_at, now()), error = NULL
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
      RETURNING rows_done, encoding, delimiter, size_bytes`,
    importId,
  );
  if (!claimed) return summary(db, importId);

  let rowsDone = claimed.rows_done;
  let batch: RawRegistryRow[] = [];
  let index = 0;
  /** Settles the batch in one transaction; false when another run is ahead of this one. */
  const settle = async (): Promise<boolean> => {
    const rows = batch;
    const result = await db.$transaction(
      async (tx) => {
        const booked = await bookRegistryBatch(tx, {
          importId,
          rowsDoneBefore: rowsDone,
          rows,
          scheme: options.scheme,
          rules: options.rules,
          now: options.now?.() ?? new Date(),
          enqueuePaymentConfirmation: options.enqueuePaymentConfirmation,
        });
        if (booked) await options.onBatch?.(tx, { index, rowsDone: rowsDone + rows.length });
        return booked;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
    if (!result) return false;
    rowsDone += rows.length;
    batch = [];
    index += 1;
    return true;
  };

  const text = decodeRegistry(storedRegistry(db, importId, claimed.size_bytes), claimed.encoding);
  for await (const row of readRegistryRows(text, claimed.delimiter)) {
    if (row.ordinal <= rowsDone) continue;
    batch.push(row);
    if (batch.length >= batchRows && !(await settle())) return summary(db, importId);
  }
  if (batch.length > 0 && !(await settle())) return summary(db, importId);

  const completed = await db.$executeRawUnsafe(
    `UPDATE payment_import SET status = 'COMPLETED', finished_at = now()
      WHERE id = $1 AND status = 'RUNNING' AND rows_done = rows_total`,
    importId,
  );
  const result = await summary(db, importId);
  if (completed === 0 && result.status === 'RUNNING') {
    throw new Error(
      `payment import ${importId}: ${result.rowsDone} rows settled of ${result.rowsTotal}`,
    );
  }
  return result;
}

/**
 * Records that the job gave up on an import (its retries are spent): FAILED with the error.
 * The batches that committed stay booked; uploading the file again books only the rest.
 */
export async function markPaymentImportFailed(
  db: PrismaClient,
  options: { importId: number; error: string },
): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE payment_import SET status = 'FAILED', finished_at = now(), error = $2
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    options.importId,
    options.error.slice(0, 1000),
  );
}
