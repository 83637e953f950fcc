import { SiteHeader } from '@/components/site-header';
import { getPaymentResult } from '@/lib/domain/payments/get-payment-result';
import { formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getRequestMessages } from '@/lib/server/locale';
import { cancelDemoAction, payDemoAction } from './actions';

export const dynamic = 'force-dynamic';

/** The demo provider's checkout page (only used when no Stripe key is configured). */
export default async function DemoCheckoutPage({
  params,
}: {
  params: Promise<{ sessionId: string }>;
}) {
  const { sessionId } = await params;
  const { locale, m } = await getRequestMessages();
  const result = await getPaymentResult(getPrisma(), { sessionId });
  const open = result.state === 'PROCESSING' && sessionId.startsWith('cs_demo_');

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={`/pay/demo/${sessionId}`} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.demoCheckout.title}</h1>
        {open ? (
          <>
            <p className="mt-3">{m.demoCheckout.explain}</p>
            <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-4">
              <dt className="text-slate-600">{m.common.accountNumber}</dt>
              <dd className="font-mono">{result.accountNumber}</dd>
              <dt className="text-slate-600">{m.receipt.amount}</dt>
              <dd className="font-semibold">{formatUah(result.amountKopecks, locale)}</dd>
            </dl>
            <div className="mt-6 flex flex-col gap-3 sm:flex-row">
              <form action={payDemoAction}>
                <input type="hidden" name="sessionId" value={sessionId} />
                <button
                  type="submit"
                  className="min-h-12 w-full rounded bg-brand-700 px-6 text-lg font-semibold text-white hover:bg-brand-800"
                >
                  {interpolate(m.demoCheckout.pay, {
                    amount: formatUah(result.amountKopecks, locale),
                  })}
                </button>
              </form>
              <form action={cancelDemoAction}>
                <input type="hidden" name="sessionId" value={sessionId} />
                <button
                  type="submit"
                  className="min-h-12 w-full rounded border border-slate-500 bg-white px-6 text-lg"
                >
                  {m.demoCheckout.cancel}
                </button>
              </form>
            </div>
          </>
        ) : (
          <p className="mt-3" role="status">
            {m.demoCheckout.unknown}
          </p>
        )}
      </main>
    </>
  );
}
