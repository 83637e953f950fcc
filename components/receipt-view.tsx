import type { Receipt } from '@/lib/domain/payments/get-payment-result';
import { formatDateTime, formatMonth, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

/** A printable receipt: number, date, amount, account, and the months it settled. */
export function ReceiptView({
  receipt,
  locale,
  messages: m,
}: {
  receipt: Receipt;
  locale: Locale;
  messages: Messages;
}) {
  return (
    <section
      aria-labelledby="receipt-title"
      className="rounded border border-slate-300 bg-white p-4 print:border-0"
    >
      <h2 id="receipt-title" className="text-xl font-bold">
        {interpolate(m.receipt.title, { number: receipt.receiptNumber })}
      </h2>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">{m.receipt.number}</dt>
        <dd className="font-mono">{receipt.receiptNumber}</dd>
        <dt className="text-slate-600">{m.receipt.date}</dt>
        <dd>{formatDateTime(receipt.paidAt, locale)}</dd>
        <dt className="text-slate-600">{m.receipt.account}</dt>
        <dd className="font-mono">{receipt.accountNumber}</dd>
        <dt className="text-slate-600">{m.receipt.amount}</dt>
        <dd className="font-semibold">{formatUah(receipt.amountKopecks, locale)}</dd>
        <dt className="text-slate-600">{m.receipt.balanceAfter}</dt>
        <dd>{formatUah(receipt.balanceAfter, locale)}</dd>
      </dl>
      {receipt.settled.length > 0 && (
        <>
          <h3 className="mt-4 font-semibold">{m.receipt.settled}</h3>
          <ul className="mt-1 list-disc pl-6">
            {receipt.settled.map((line) => (
              <li key={line.month}>
                {interpolate(m.receipt.settledMonth, {
                  month: formatMonth(line.month, locale),
                  amount: formatUah(line.amount, locale),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      {receipt.credit > 0 && (
        <p className="mt-2">
          {interpolate(m.receipt.credit, { amount: formatUah(receipt.credit, locale) })}
        </p>
      )}
      {receipt.refundedKopecks > 0 && (
        <p className="mt-2 font-medium">
          {interpolate(m.receipt.refunded, { amount: formatUah(receipt.refundedKopecks, locale) })}
        </p>
      )}
    </section>
  );
}
