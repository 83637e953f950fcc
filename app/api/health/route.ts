import { checkHealth } from '@/lib/server/health';
import { jsonResponse } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

export async function GET() {
  const report = await checkHealth();
  return jsonResponse(report, report.status === 'ok' ? 200 : 503);
}
