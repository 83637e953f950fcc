import Link from 'next/link';
import { PaidReceipts } from '@/components/resident/paid-receipts';
import { SiteHeader } from '@/components/site-header';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import {
  nextWaitCount,
  parseWaitCount,
  RESULT_REFRESH_SECONDS,
} from '@/lib/domain/payments/result-polling';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getRequestMessages } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

type Search = Promise<{ session_id?: string; cancelled?: string; wait?: string | string[] }>;

/**
 * Where checkout returns. Tells the truth: "waiting for confirmation" (refreshing itself every
 * 3 s for a minute, no JavaScript needed) until the webhook has booked the payment, then the
 * receipt. If nothing comes within the minute it stops and says so, with a way to check again,
 * and never claims the bank confirmed anything.
 */
export default async function PayResultPage({ searchParams }: { searchParams: Search }) {
  const { session_id: sessionId = '', cancelled, wait } = await searchParams;
  const { locale, m } = await getRequestMessages();
  const result = await getPaymentResult(getPrisma(), {
    sessionId,
    cancelled: cancelled === '1',
  });
  const path = `/pay/result?session_id=${encodeURIComponent(sessionId)}${cancelled === '1' ? '&cancelled=1' : ''}`;
  const retry = 'accountNumber' in result ? `/pay?account=${result.accountNumber}` : '/';
  const nextWait = result.state === 'PROCESSING' ? nextWaitCount(parseWaitCount(wait)) : null;
  const stillWaiting = result.state === 'PROCESSING' && nextWait === null;

  return (
    <>
      {nextWait !== null && (
        <meta
          httpEquiv="refresh"
          content={`${RESULT_REFRESH_SECONDS};url=${path}&wait=${nextWait}`}
        />
      )}
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        {result.state === 'PAID' && (
          <>
            <h1 className="text-2xl font-bold text-green-800">{m.result.paidTitle}</h1>
            <p className="mt-2">
              {result.receipts.length === 1
                ? interpolate(m.result.paidText, {
                    account: result.receipts[0]?.accountNumber ?? '',
                  })
                : interpolate(m.result.paidTextSeveral, {
                    accounts: result.receipts.map((receipt) => receipt.accountNumber).join(', '),
                  })}
            </p>
            {/* After a booked payment: is each number still called? Then its receipt. */}
            <PaidReceipts receipts={result.receipts} locale={locale} messages={m} />
            <p className="mt-4 flex flex-wrap gap-x-4 print:hidden">
              <a
                href={`/receipts/${encodeURIComponent(sessionId)}/pdf`}
                className="inline-flex min-h-11 items-center text-brand-800 underline"
                download
              >
                {m.receipt.download}
              </a>
              <Link
                href={`/receipts/${sessionId}`}
                className="inline-flex min-h-11 items-center text-brand-800 underline"
              >
                {m.common.print}
              </Link>
              <Link href="/" className="inline-flex min-h-11 items-center text-brand-800 underline">
                {m.common.home}
              </Link>
            </p>
          </>
        )}
        {stillWaiting && (
          <div role="status">
            <h1 className="text-2xl font-bold">{m.result.stillWaitingTitle}</h1>
            <p className="mt-2">{m.result.stillWaitingText}</p>
            <p className="mt-4 flex flex-wrap gap-4">
              <a href={path} className="inline-flex min-h-11 items-center text-brand-800 underline">
                {m.result.checkAgain}
              </a>
              <Link href="/" className="inline-flex min-h-11 items-center text-brand-800 underline">
                {m.common.home}
              </Link>
            </p>
          </div>
        )}
        {result.state === 'PROCESSING' && !stillWaiting && (
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
        {(result.state === 'CANCELLED' ||
          result.state === 'EXPIRED' ||
          result.state === 'FAILED') && (
          <>
            <h1 className="text-2xl font-bold">
              {
                {
                  CANCELLED: m.result.cancelledTitle,
                  EXPIRED: m.result.expiredTitle,
                  FAILED: m.result.failedTitle,
                }[result.state]
              }
            </h1>
            <p className="mt-2">
              {
                {
                  CANCELLED: m.result.cancelledText,
                  EXPIRED: m.result.expiredText,
                  FAILED: m.result.failedText,
                }[result.state]
              }
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
