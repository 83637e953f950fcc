import 'server-only';
import { callListOutcomeLines } from '@/components/resident/call-list-outcome';
import { getCallListStandingAfterPayment } from '@/lib/domain/call-list/get-call-list-standing';
import type { Receipt } from '@/lib/domain/payments/get-payment-result';
import { receiptDocument } from '@/lib/domain/payments/receipt-document';
import { messagesFor } from '@/lib/i18n/messages';
import type { PrismaClient } from '@/lib/server/db';
import { getBillingRules, getPayee } from '@/lib/server/env';
import { getRequestLocale } from '@/lib/server/locale';
import { renderReceiptPdf } from '@/lib/server/pdf/receipt-pdf';
import { smsReminderHours } from './sms-hours';

/**
 * A booked payment's receipt as a PDF download, in the reader's language, with what it meant
 * for the calls: the one answer of the public receipt link and the signed-in payment history.
 */
export async function receiptPdfResponse(
  prisma: PrismaClient,
  receipt: Receipt,
): Promise<Response> {
  const rules = getBillingRules();
  const locale = await getRequestLocale();
  const messages = messagesFor(locale);
  const standing = await getCallListStandingAfterPayment(prisma, {
    accountId: receipt.accountId,
    paidAt: receipt.paidAt,
    rules,
  });
  const pdf = await renderReceiptPdf(
    receiptDocument(receipt, getPayee(), locale, messages),
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
      'Content-Disposition': `attachment; filename="${receipt.receiptNumber}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
}
