import { isAppError } from '@/lib/domain/app-error';
import { createPaymentImport } from '@/lib/domain/imports/create-payment-import';
import { fileSize } from '@/lib/domain/imports/file-size';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { getPrisma } from '@/lib/server/db';
import { getImportMaxBytes } from '@/lib/server/env';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { BodyTooLargeError, readBodyBytesWithLimit } from '@/lib/server/read-body';
import { refuse, staffFormGuard } from '../../../_lib/post-guard';
import { readStaffSession } from '../../../_lib/session';
import { seeOther } from '../../../sign-in/sign-in-response';

/** What a multipart form carries besides the file (boundaries, headers, the file's name). */
const FORM_OVERHEAD_BYTES = 64 * 1024;

function backToImports(query: Record<string, string>): Response {
  return seeOther(`/staff/admin/imports?${new URLSearchParams(query).toString()}`);
}

/**
 * An admin uploads a payment registry (multipart form, works without JavaScript;
 * docs/payment-imports.md). Like every console post it must come from this site, as a form,
 * with its length, but its limit is the import's (IMPORT_MAX_BYTES and the form around it):
 * above it, 413 with a message and nothing read or written, whatever Content-Length claims
 * (the body is read with a byte limit). Then a staff session with the ADMIN role (403).
 * createPaymentImport refuses a file over the limit, empty, without the required columns or not
 * CSV, with nothing written: back to the list with the reason. Otherwise on to the import's
 * page, which shows its progress.
 */
export async function POST(request: Request): Promise<Response> {
  const maxBytes = getImportMaxBytes();
  const tooLarge = `Файл завеликий: реєстр може мати не більше ${fileSize(maxBytes)}. Нічого не завантажено.`;
  const limit = { bytes: maxBytes + FORM_OVERHEAD_BYTES, tooLarge };
  const refused = staffFormGuard(request, limit);
  if (refused) return refused;
  const session = await readStaffSession(request.headers);
  if (!session) return refuse(403, 'Forbidden: sign in to the staff console first.');
  if (!hasRole(session, 'ADMIN')) return refuse(403, 'Forbidden: this needs the ADMIN role.');

  let file: File;
  try {
    const body = await readBodyBytesWithLimit(request, limit.bytes);
    const form = await new Response(new Uint8Array(body), {
      headers: { 'Content-Type': request.headers.get('content-type') ?? '' },
    }).formData();
    const value = form.get('file');
    if (!(value instanceof File)) {
      return backToImports({ error: 'INVALID_INPUT', detail: 'оберіть файл реєстру' });
    }
    file = value;
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse(413, tooLarge);
    return refuse(400, 'Bad request: not a form.');
  }

  try {
    const created = await createPaymentImport(getPrisma(), session, {
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      maxBytes,
      enqueueImport: (tx, job) => enqueueInTransaction(tx, JOBS.paymentImport, job),
    });
    return seeOther(`/staff/admin/imports/${created.importId}?notice=queued`);
  } catch (error) {
    if (isAppError(error, 'FORBIDDEN')) return refuse(403, `Forbidden: ${error.message}.`);
    if (isAppError(error)) {
      return backToImports({ error: error.code, detail: error.message.slice(0, 300) });
    }
    throw error;
  }
}
