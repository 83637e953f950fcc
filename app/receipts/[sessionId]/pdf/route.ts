import { smsReminderHours } from '@/app/_lib/sms-hours';
import { callListOutcomeLines } from '@/components/resident/call-list-outcome';
import { getCallListStandingAfterPayment } from '@/lib/domain/call-list/get-call-list-standing';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { receiptDocument } from '@/lib/domain/payments/receipt-document';
import { messagesFor } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPayee } from '@/lib/server/env';
import { getRequestLocale } from '@/lib/server/locale';
import { renderReceiptPdf } from '@/lib/server/pdf/receipt-pdf';

export const dynamic = 'force-dynamic';

/**
 * The receipt as a PDF download, in the reader's language (the checkout session id is the
 * link's secret, as for the page). 404 for anything not a booked payment.
 */
export async function GET(_request: Request, context: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await context.params;
  const prisma = getPrisma();
  const result = await getPaymentResult(prisma, { sessionId });
  if (result.state !== 'PAID') {
    return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  const rules = getBillingRules();
  const locale = await getRequestLocale();
  const messages = messagesFor(locale);
  const standing = await getCallListStandingAfterPayment(prisma, {
    accountId: result.receipt.accountId,
    paidAt: result.receipt.paidAt,
    rules,
  });
  const pdf = await renderReceiptPdf(
    receiptDocument(result.receipt, getPayee(), locale, messages),
    callListOutcomeLines(standing, {
      minOverdueMonths: rules.callListMinOverdueMonths,
      minOverdueKopecks: rules.callListMinOverdueKopecks,
      smsHours: smsReminderHours(),
      locale,
      messages,
    }),
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `attachment; filename="${result.receipt.receiptNumber}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
}
