import Link from 'next/link';
import { notFound } from 'next/navigation';
import { residentPage } from '@/app/_lib/resident-page';
import { ReceiptView } from '@/components/receipt-view';
import { SiteHeader } from '@/components/site-header';
import { getAccountReceipt } from '@/lib/domain/payments/list-account-payments';
import { getPrisma } from '@/lib/server/db';
import { getPayee } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

/** One receipt of the signed-in account; another account's receipt number is a plain 404. */
export default async function AccountReceiptPage({
  params,
}: {
  params: Promise<{ receiptNumber: string }>;
}) {
  const { receiptNumber } = await params;
  const { session, locale, m } = await residentPage(
    `/account/payments/${encodeURIComponent(receiptNumber)}`,
  );
  const receipt = await getAccountReceipt(getPrisma(), {
    accountId: session.accountId,
    receiptNumber,
  });
  if (!receipt) notFound();
  const path = `/account/payments/${encodeURIComponent(receiptNumber)}`;
  return (
    <>
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p className="mb-3 flex flex-wrap gap-x-4 text-sm print:hidden">
          <Link
            href="/account/payments"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.common.back}
          </Link>
          <a
            href={`${path}/pdf`}
            className="inline-flex min-h-11 items-center text-brand-800 underline"
            download
          >
            {m.receipt.download}
          </a>
        </p>
        <ReceiptView receipt={receipt} payee={getPayee()} locale={locale} messages={m} />
      </main>
    </>
  );
}
