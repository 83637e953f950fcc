import { openPayLink } from '@/lib/domain/sms/open-pay-link';
import { getPrisma } from '@/lib/server/db';
import { getPayLinkConfig } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

/**
 * The short pay link of an SMS reminder. A valid token opens the ordinary pay page for its
 * account (no sign-in; that page shows only what the public look-up shows and counts against
 * the look-up budget). It may be opened again until it expires (phones fetch links for
 * previews; residents tap twice): a replay shows the current amount, nothing more. A tampered,
 * malformed or expired token lands on /pay/link, which says why and offers the look-up.
 */
export async function GET(_request: Request, context: { params: Promise<{ token: string }> }) {
  const { token } = await context.params;
  const opened = await openPayLink(getPrisma(), { token, secret: getPayLinkConfig().secret });
  const location = opened.ok
    ? `/pay?account=${encodeURIComponent(opened.accountNumber)}`
    : `/pay/link?problem=${opened.problem}`;
  return new Response(null, {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  });
}
