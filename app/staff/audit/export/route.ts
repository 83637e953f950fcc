import { auditLogCsv } from '@/lib/domain/staff/audit-log';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { getPrisma } from '@/lib/server/db';
import { auditFilters } from '../../_lib/audit-filters';
import { csvDownload } from '../../_lib/csv-download';
import { readStaffSession } from '../../_lib/session';

/** The audit log as CSV (SUPERVISOR and ADMIN; 403 for anyone else), streamed. */
export async function GET(request: Request): Promise<Response> {
  const session = await readStaffSession(request.headers);
  if (!session || !hasRole(session, 'SUPERVISOR')) {
    return new Response('Forbidden: the audit log is for supervisors.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const lines = await auditLogCsv(getPrisma(), session, auditFilters(search));
  const stamp = new Date().toISOString().slice(0, 10);
  return csvDownload(lines, `audit-${stamp}.csv`);
}
