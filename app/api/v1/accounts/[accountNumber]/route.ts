import { jsonResponse } from '@/lib/server/http';
import { publicLookup } from '../../../../_lib/public-lookup';

export const dynamic = 'force-dynamic';

/** A malformed %-escape is just a malformed account number (400), not a server error. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Public lookup: masked summary of an account, for anyone paying it; rate-limited per client. */
export async function GET(
  request: Request,
  context: { params: Promise<{ accountNumber: string }> },
) {
  const { accountNumber } = await context.params;
  const result = await publicLookup(request.headers, safeDecode(accountNumber));
  switch (result.kind) {
    case 'FOUND':
      return jsonResponse(result.summary);
    case 'NOT_FOUND':
      return jsonResponse({ error: 'ACCOUNT_NOT_FOUND' }, 404);
    case 'INVALID':
      return jsonResponse({ error: 'INVALID_ACCOUNT_NUMBER', reason: result.problem }, 400);
    case 'LIMITED':
      return jsonResponse(
        { error: 'RATE_LIMITED', retryAfterSeconds: result.retryAfterSeconds },
        429,
        { 'Retry-After': String(result.retryAfterSeconds) },
      );
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
