import Link from 'next/link';
import { residentPage } from '@/app/_lib/resident-page';
import { SiteHeader } from '@/components/site-header';
import { listAccountPayments } from '@/lib/domain/payments/list-account-payments';
import { formatDate, formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';

export const dynamic = 'force-dynamic';

/** The signed-in resident's payment history, each line linking to its receipt. */
export default async function PaymentHistoryPage() {
  const { session, locale, m } = await residentPage('/account/payments');
  const payments = await listAccountPayments(getPrisma(), { accountId: session.accountId });
  return (
    <>
      <SiteHeader locale={locale} messages={m} path="/account/payments" />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p className="text-sm">
          <Link href="/account" className="text-brand-800 underline">
            {m.common.back}
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-bold">{m.receipt.historyTitle}</h1>
        <p className="mt-1 font-mono text-slate-700">{session.accountNumber}</p>
        {payments.length === 0 ? (
          <p className="mt-4">{m.receipt.historyEmpty}</p>
        ) : (
          <ul className="mt-4 divide-y divide-slate-200 rounded border border-slate-200 bg-white">
            {payments.map((payment) => (
              <li key={payment.receiptNumber} className="flex flex-wrap items-center">
                <Link
                  href={`/account/payments/${payment.receiptNumber}`}
                  className="flex min-h-12 flex-1 flex-wrap items-center justify-between gap-x-4 px-4 py-3 text-brand-800"
                >
                  <span>
                    <span className="block font-semibold text-slate-900">
                      {formatUah(payment.amountKopecks, locale)}
                    </span>
                    <span className="text-sm text-slate-700">
                      {formatDate(payment.paidAt, locale)} · {m.receipt.status[payment.status]}
                    </span>
                  </span>
                  <span className="font-mono text-sm underline">{payment.receiptNumber}</span>
                </Link>
                <a
                  href={`/account/payments/${payment.receiptNumber}/pdf`}
                  download
                  aria-label={interpolate(m.receipt.downloadOne, { number: payment.receiptNumber })}
                  className="inline-flex min-h-12 items-center px-4 text-sm text-brand-800 underline"
                >
                  PDF
                </a>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
