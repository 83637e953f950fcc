import { notFound } from 'next/navigation';
import { ReceiptView } from '@/components/receipt-view';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { messagesFor } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getRequestLocale } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

/** The printable receipt alone (the checkout session id is the link's secret). */
export default async function ReceiptPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const result = await getPaymentResult(getPrisma(), { sessionId });
  if (result.state !== 'PAID') notFound();
  const locale = await getRequestLocale();
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-6">
      <ReceiptView receipt={result.receipt} locale={locale} messages={messagesFor(locale)} />
    </main>
  );
}
