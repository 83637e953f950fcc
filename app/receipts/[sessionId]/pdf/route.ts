import { receiptPdfResponse } from '@/app/_lib/receipt-pdf-response';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { getPrisma } from '@/lib/server/db';

export const dynamic = 'force-dynamic';

/**
 * The checkout's receipts (one per account it paid) as one PDF download (the checkout session id is the link's secret, as for the
 * page). 404 for anything not a booked payment.
 */
export async function GET(_request: Request, context: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await context.params;
  const prisma = getPrisma();
  const result = await getPaymentResult(prisma, { sessionId });
  if (result.state !== 'PAID') {
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  return receiptPdfResponse(prisma, result.receipts);
}
