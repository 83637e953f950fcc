import { authenticateDialer } from '@/lib/domain/dialer/authenticate-dialer';
import { listCallListChanges } from '@/lib/domain/dialer/call-list-feed';
import { getPrisma } from '@/lib/server/db';
import { appErrorResponse, jsonResponse } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** Ordered add/remove events after a cursor: `?after=CURSOR&limit=N`. */
export async function GET(request: Request) {
  try {
    const prisma = getPrisma();
    await authenticateDialer(prisma, { authorization: request.headers.get('authorization') });
    const url = new URL(request.url);
    const limit = url.searchParams.get('limit');
    const page = await listCallListChanges(prisma, {
      after: url.searchParams.get('after'),
      limit: limit === null ? undefined : Number(limit),
    });
    return jsonResponse(page);
  } catch (error) {
    return appErrorResponse(error);
  }
}
