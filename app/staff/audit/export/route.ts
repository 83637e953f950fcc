import { auditLogCsv } from '@/lib/domain/staff/audit-log';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { getPrisma } from '@/lib/server/db';
import { auditFilters } from '../../_lib/audit-filters';
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
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
