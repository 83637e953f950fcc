import { notFound } from 'next/navigation';
import { PaidReceipts } from '@/components/resident/paid-receipts';
import { SiteHeader } from '@/components/site-header';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { messagesFor } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getRequestLocale } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

/**
 * The printable receipts of one checkout (the checkout session id is the link's secret), one
 * per account it paid, each with what the payment meant for that account's calls.
 */
export default async function ReceiptPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const result = await getPaymentResult(getPrisma(), { sessionId });
  if (result.state !== 'PAID') notFound();
  const locale = await getRequestLocale();
  const messages = messagesFor(locale);
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
        <PaidReceipts receipts={result.receipts} locale={locale} messages={messages} />
      </main>
    </>
  );
}
