import 'server-only';
import { callListOutcomeOptions } from '@/app/_lib/call-list-outcome-options';
import { ReceiptView } from '@/components/receipt-view';
import { CallListOutcome } from '@/components/resident/call-list-outcome';
import { getCallListStandingAfterPayment } from '@/lib/domain/call-list/get-call-list-standing';
import type { Receipt } from '@/lib/domain/payments/get-payment-result';
import { formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPayee } from '@/lib/server/env';

/**
 * The receipts of one checkout (one per account it paid), each with what the payment meant for
 * that account's calls: taken off the list, still on it (and what stops them), or not on it.
 * A checkout for several linked accounts also states the total charged.
 */
export async function PaidReceipts({
  receipts,
  locale,
  messages: m,
}: {
  receipts: readonly Receipt[];
  locale: Locale;
  messages: Messages;
}) {
  const prisma = getPrisma();
  const rules = getBillingRules();
  const payee = getPayee();
  const options = callListOutcomeOptions(rules);
  const parts = await Promise.all(
    receipts.map(async (receipt) => ({
      receipt,
      standing: await getCallListStandingAfterPayment(prisma, {
        accountId: receipt.accountId,
        paidAt: receipt.paidAt,
        rules,
      }),
    })),
  );
  const total = receipts.reduce((sum, receipt) => sum + receipt.amountKopecks, 0);
  return (
    <>
      {receipts.length > 1 && (
        <p className="mt-4 font-semibold" data-testid="checkout-total">
          {interpolate(m.result.severalTotal, {
            count: receipts.length,
            amount: formatUah(total, locale),
          })}
        </p>
      )}
      {parts.map(({ receipt, standing }) => (
        <div key={receipt.receiptNumber} className="mt-4" data-testid="paid-receipt">
          <CallListOutcome
            standing={standing}
            accountNumber={receipt.accountNumber}
            {...options}
            locale={locale}
            messages={m}
            title={
              receipts.length > 1
                ? interpolate(m.callListOutcome.titleForAccount, {
                    account: receipt.accountNumber,
                  })
                : undefined
            }
            idSuffix={receipt.receiptNumber}
          />
          <div className="mt-4">
            <ReceiptView receipt={receipt} payee={payee} locale={locale} messages={m} />
          </div>
        </div>
      ))}
    </>
  );
}
