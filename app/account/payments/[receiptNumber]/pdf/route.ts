import { receiptPdfResponse } from '@/app/_lib/receipt-pdf-response';
import { getAccountReceipt } from '@/lib/domain/payments/list-account-payments';
import { getResidentSession } from '@/lib/server/auth/resident';
import { getPrisma } from '@/lib/server/db';

export const dynamic = 'force-dynamic';

/**
 * A receipt of the signed-in account as a PDF. Route handlers are outside the /account
 * layout's guard, so this checks the session itself: signed out → 401; another account's
 * receipt number → the same 404 as an unknown one.
 */
export async function GET(
  _request: Request,
  context: { params: Promise<{ receiptNumber: string }> },
) {
  const session = await getResidentSession();
  if (!session) {
    return new Response('Sign in first', { status: 401, headers: { 'Cache-Control': 'no-store' } });
  }
  const { receiptNumber } = await context.params;
  const prisma = getPrisma();
  const receipt = await getAccountReceipt(prisma, { accountId: session.accountId, receiptNumber });
  if (!receipt) {
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  return receiptPdfResponse(prisma, [receipt]);
}
