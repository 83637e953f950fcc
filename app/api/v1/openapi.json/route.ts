import { OPENAPI_DOCUMENT } from '@/lib/server/openapi';

export const dynamic = 'force-static';

/** The API description: public and the same for everyone, cached for an hour (not a year). */
export function GET() {
  return Response.json(OPENAPI_DOCUMENT, {
    headers: { 'Cache-Control': 'public, max-age=3600' },
  });
}
