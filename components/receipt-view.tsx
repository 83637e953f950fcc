import type { Receipt } from '@/lib/domain/payments/get-payment-result';
import { type ReceiptPayee, receiptDocument } from '@/lib/domain/payments/receipt-document';
import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';

/**
 * A printable receipt: number, date, payee, account, purpose, amount, the months it settled.
 * The content is receiptDocument's, which the PDF prints too.
 */
export function ReceiptView({
  receipt,
  payee,
  locale,
  messages: m,
}: {
  receipt: Receipt;
  payee: ReceiptPayee;
  locale: Locale;
  messages: Messages;
}) {
  const doc = receiptDocument(receipt, payee, locale, m);
  const titleId = `receipt-title-${receipt.receiptNumber}`;
  return (
    <section
      aria-labelledby={titleId}
      className="rounded border border-slate-300 bg-white p-4 print:border-0"
    >
      <h2 id={titleId} className="text-xl font-bold">
        {doc.title}
      </h2>
      <dl className="mt-3 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
        {doc.fields.map((field) => (
          <div key={field.label} className="contents">
            <dt className="text-slate-600">{field.label}</dt>
            <dd
              className={`break-words ${field.mono ? 'font-mono' : ''} ${field.strong ? 'font-semibold' : ''}`}
            >
              {field.value}
            </dd>
          </div>
        ))}
      </dl>
      {doc.settledTitle && (
        <>
          <h3 className="mt-4 font-semibold">{doc.settledTitle}</h3>
          <ul className="mt-1 list-disc pl-6">
            {doc.settled.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {doc.notes.map((note) => (
        <p key={note} className="mt-2 font-medium">
          {note}
        </p>
      ))}
    </section>
  );
}
