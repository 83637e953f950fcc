import 'server-only';
import { createHash } from 'node:crypto';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { fileSize } from './file-size';
import { inspectRegistry } from './inspect-registry';

/** Enqueues the import's job in the upload's own transaction; the entry point passes the queue. */
export type EnqueuePaymentImport = (tx: Tx, job: { importId: number }) => Promise<void>;

/** A file name as shown in the console: its last path part, printable, at most 200 characters. */
function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it drops
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? 'registry.csv' : clean.slice(0, 200);
}

/**
 * An admin uploads a bank or post-office payment registry (issue 10, docs/payment-imports.md).
 * Refused with nothing written (INVALID_INPUT, field `file`): a file over `maxBytes`
 * (IMPORT_MAX_BYTES, passed in by the entry point), an empty one, one without the required
 * columns, or one that is not CSV (inspectRegistry reads it through once first). Otherwise one
 * transaction stores it (bytes, SHA-256, size, detected encoding and delimiter, rows), writes
 * `payment-import.upload` to the audit log and enqueues the job that books it
 * (runPaymentImport). Uploading a file again is allowed and books nothing twice.
 */
export async function createPaymentImport(
  db: PrismaClient,
  actor: StaffActor,
  input: {
    fileName: string;
    bytes: Uint8Array;
    maxBytes: number;
    enqueueImport: EnqueuePaymentImport;
  },
): Promise<{ importId: number; rowsTotal: number }> {
  requireRole(actor, 'ADMIN');
  const { bytes } = input;
  if (bytes.byteLength > input.maxBytes) {
    throw new AppError(
      'INVALID_INPUT',
      `файл завеликий: ${fileSize(bytes.byteLength)}, найбільше ${fileSize(input.maxBytes)}`,
      { field: 'file', problem: 'TOO_LARGE' },
    );
  }
  const format = await inspectRegistry(bytes);
  const fileName = displayName(input.fileName);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return db.$transaction(async (tx) => {
    const created = await tx.paymentImport.create({
      data: {
        fileName,
        sha256,
        sizeBytes: bytes.byteLength,
        encoding: format.encoding,
        delimiter: format.delimiter,
        content: new Uint8Array(bytes),
        rowsTotal: format.rowsTotal,
        uploadedById: actor.staffUserId,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: 'payment-import.upload',
      targetType: 'payment_import',
      targetId: created.id,
      detail: { fileName, sha256, sizeBytes: bytes.byteLength, ...format },
    });
    await input.enqueueImport(tx, { importId: created.id });
    return { importId: created.id, rowsTotal: format.rowsTotal };
  });
}
