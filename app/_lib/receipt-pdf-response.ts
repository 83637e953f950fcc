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
import { callListOutcomeOptions } from './call-list-outcome-options';

/**
 * Booked receipts as one PDF download (one receipt per account a checkout paid), in the
 * reader's language, each with what it meant for that account's calls: the one answer of the
 * public receipt link and the signed-in payment history.
 */
export async function receiptPdfResponse(
  prisma: PrismaClient,
  receipts: readonly Receipt[],
): Promise<Response> {
  const [receipt] = receipts;
  if (!receipt) throw new Error('a receipt PDF needs at least one receipt');
  const rules = getBillingRules();
  const locale = await getRequestLocale();
  const messages = messagesFor(locale);
  const parts = [];
  for (const each of receipts) {
    const standing = await getCallListStandingAfterPayment(prisma, {
      accountId: each.accountId,
      paidAt: each.paidAt,
      rules,
    });
    parts.push({
      doc: receiptDocument(each, getPayee(), locale, messages),
      footer: callListOutcomeLines(standing, {
        ...callListOutcomeOptions(rules),
        locale,
        messages,
      }),
    });
  }
  const pdf = await renderReceiptPdf(parts);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `attachment; filename="${receipt.receiptNumber}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
}
