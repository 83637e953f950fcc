import { notFound } from 'next/navigation';
import { smsReminderHours } from '@/app/_lib/sms-hours';
import { ReceiptView } from '@/components/receipt-view';
import { CallListOutcome } from '@/components/resident/call-list-outcome';
import { SiteHeader } from '@/components/site-header';
import { getCallListStandingAfterPayment } from '@/lib/domain/call-list/get-call-list-standing';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { messagesFor } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPayee } from '@/lib/server/env';
import { getRequestLocale } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

/**
 * The printable receipt alone (the checkout session id is the link's secret), with what the
 * payment meant for the calls: taken off the list, still on it (and what stops them), or not on
 * it at all.
 */
export default async function ReceiptPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const prisma = getPrisma();
  const rules = getBillingRules();
  const result = await getPaymentResult(prisma, { sessionId });
  if (result.state !== 'PAID') notFound();
  const locale = await getRequestLocale();
  const messages = messagesFor(locale);
  const standing = await getCallListStandingAfterPayment(prisma, {
    accountId: result.receipt.accountId,
    paidAt: result.receipt.paidAt,
    rules,
  });
  return (
    <>
      <SiteHeader locale={locale} messages={messages} path={`/receipts/${sessionId}`} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p className="mb-3 print:hidden">
          <a
            href={`/receipts/${encodeURIComponent(sessionId)}/pdf`}
            className="inline-flex min-h-11 items-center text-brand-800 underline"
            download
          >
            {messages.receipt.download}
          </a>
        </p>
        <ReceiptView
          receipt={result.receipt}
          payee={getPayee()}
          locale={locale}
          messages={messages}
        />
        <CallListOutcome
          standing={standing}
          accountNumber={result.receipt.accountNumber}
          minOverdueMonths={rules.callListMinOverdueMonths}
          minOverdueKopecks={rules.callListMinOverdueKopecks}
          smsHours={smsReminderHours()}
          locale={locale}
          messages={messages}
        />
      </main>
    </>
  );
}
