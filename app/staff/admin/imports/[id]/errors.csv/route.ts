import { isAppError } from '@/lib/domain/app-error';
import { paymentImportErrorsCsv } from '@/lib/domain/imports/payment-import-errors-csv';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { getPrisma } from '@/lib/server/db';
import { csvDownload } from '../../../../_lib/csv-download';
import { refuse } from '../../../../_lib/post-guard';
import { readStaffSession } from '../../../../_lib/session';

/** An import's error report as CSV (ADMIN; 403 for anyone else, 404 for no such import), streamed. */
export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  const session = await readStaffSession(request.headers);
  if (!session || !hasRole(session, 'ADMIN')) {
    return refuse(403, 'Forbidden: payment imports are for administrators.');
  }
  const { id } = await context.params;
  const importId = /^\d{1,9}$/.test(id) ? Number(id) : Number.NaN;
  let lines: AsyncIterable<string>;
  try {
    lines = await paymentImportErrorsCsv(getPrisma(), session, { importId });
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) return refuse(404, 'No such payment import.');
    throw error;
  }
  return csvDownload(lines, `import-${importId}-errors.csv`);
}
