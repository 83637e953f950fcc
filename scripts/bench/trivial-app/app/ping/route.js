// The HTTP baseline of the benchmarks (issue 14): a trivial route of a minimal Next.js app, on
// the same Next version as the portal, with no proxy, no database and no session. Built and
// served by scripts/bench/trivial-server.ts; never part of the portal.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' });
}
