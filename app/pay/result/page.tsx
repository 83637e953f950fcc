import Link from 'next/link';
import { ReceiptView } from '@/components/receipt-view';
import { SiteHeader } from '@/components/site-header';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getRequestMessages } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

type Search = Promise<{ session_id?: string; cancelled?: string }>;

/**
 * Where checkout returns. Tells the truth: "processing" (refreshing itself every 3 s, no
 * JavaScript needed) until the webhook has booked the payment, then the receipt.
 */
export default async function PayResultPage({ searchParams }: { searchParams: Search }) {
  const { session_id: sessionId = '', cancelled } = await searchParams;
  const { locale, m } = await getRequestMessages();
  const result = await getPaymentResult(getPrisma(), { sessionId, cancelled: cancelled === '1' });
  const path = `/pay/result?session_id=${encodeURIComponent(sessionId)}${cancelled === '1' ? '&cancelled=1' : ''}`;
  const retry = 'accountNumber' in result ? `/pay?account=${result.accountNumber}` : '/';

  return (
    <>
      {result.state === 'PROCESSING' && <meta httpEquiv="refresh" content="3" />}
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        {result.state === 'PAID' && (
          <>
            <h1 className="text-2xl font-bold text-green-800">{m.result.paidTitle}</h1>
            <p className="mt-2">
              {interpolate(m.result.paidText, { account: result.receipt.accountNumber })}
            </p>
            <div className="mt-4">
              <ReceiptView receipt={result.receipt} locale={locale} messages={m} />
            </div>
            <p className="mt-4 flex gap-4 print:hidden">
              <Link href={`/receipts/${sessionId}`} className="text-brand-800 underline">
                {m.common.print}
              </Link>
              <Link href="/" className="text-brand-800 underline">
                {m.common.home}
              </Link>
            </p>
          </>
        )}
        {result.state === 'PROCESSING' && (
          <div role="status">
            <h1 className="text-2xl font-bold">{m.result.processingTitle}</h1>
            <p className="mt-2">{m.result.processingText}</p>
            <p className="mt-4">
              <a href={path} className="text-brand-800 underline">
                {m.result.refresh}
              </a>
            </p>
          </div>
        )}
        {(result.state === 'CANCELLED' || result.state === 'FAILED') && (
          <>
            <h1 className="text-2xl font-bold">
              {result.state === 'CANCELLED' ? m.result.cancelledTitle : m.result.failedTitle}
            </h1>
            <p className="mt-2">
              {result.state === 'CANCELLED' ? m.result.cancelledText : m.result.failedText}
            </p>
            <p className="mt-4">
              <Link href={retry} className="text-brand-800 underline">
                {m.result.tryAgain}
              </Link>
            </p>
          </>
        )}
        {result.state === 'UNKNOWN' && (
          <>
            <h1 className="text-2xl font-bold">{m.result.unknownTitle}</h1>
            <p className="mt-2">{m.result.unknownText}</p>
            <p className="mt-4">
              <Link href="/" className="text-brand-800 underline">
                {m.common.home}
              </Link>
            </p>
          </>
        )}
      </main>
    </>
  );
}
