import Link from 'next/link';
import { notFound } from 'next/navigation';
import { residentPage } from '@/app/_lib/resident-page';
import { ReceiptView } from '@/components/receipt-view';
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
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-6">
      <p className="mb-3 text-sm print:hidden">
        <Link href="/account/payments" className="text-brand-800 underline">
          {m.common.back}
        </Link>
      </p>
      <ReceiptView receipt={receipt} payee={getPayee()} locale={locale} messages={m} />
    </main>
  );
}
