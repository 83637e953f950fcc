import { collectionsCsv, isDashboardChart } from '@/lib/domain/dashboard/collections-csv';
import {
  dashboardMonths,
  getCollectionsDashboard,
} from '@/lib/domain/dashboard/get-collections-dashboard';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { getPrisma } from '@/lib/server/db';
import { readStaffSession } from '../../../_lib/session';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/** One dashboard chart's figures as CSV (SUPERVISOR and ADMIN; 403 for anyone else). */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ chart: string }> },
): Promise<Response> {
  const session = await readStaffSession(request.headers);
  if (!session || !hasRole(session, 'SUPERVISOR')) {
    return new Response('Forbidden: the dashboard is for supervisors.', {
      status: 403,
      headers: TEXT,
    });
  }
  const { chart } = await params;
  if (!isDashboardChart(chart)) {
    return new Response('Not found: no such chart.', { status: 404, headers: TEXT });
  }
  const months = dashboardMonths(new URL(request.url).searchParams.get('months'));
  const dashboard = await getCollectionsDashboard(getPrisma(), session, {
    now: new Date(),
    months,
  });
  return new Response(collectionsCsv(dashboard, chart), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${chart}-${dashboard.to}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
