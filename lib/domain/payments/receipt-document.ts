import { formatDocumentDateTime, formatMonth, formatUah } from '../../i18n/format';
import type { Locale } from '../../i18n/locales';
import { interpolate, type Messages } from '../../i18n/messages';
import type { Receipt } from './get-payment-result';

export type ReceiptPayee = { name: string; edrpou: string; iban: string; bank: string };

/** One receipt's content, in the reader's language: the page and the PDF both print this. */
export type ReceiptDocument = {
  title: string;
  fields: { label: string; value: string; mono?: boolean; strong?: boolean }[];
  settledTitle: string | null;
  settled: string[];
  notes: string[];
};

/**
 * What a Ukrainian payment receipt carries: number, date as documents print it
 * ("30.11.2026 18:20"), the payee (name, ЄДРПОУ, IBAN, bank), the account and its holder
 * (initials only: the link is a capability, not proof of identity), the purpose of payment,
 * the amount, the months it settled and the balance after. One receipt-number format
 * everywhere: the number as issued (`KP-2026-00000012`).
 */
export function receiptDocument(
  receipt: Receipt,
  payee: ReceiptPayee,
  locale: Locale,
  m: Messages,
): ReceiptDocument {
  const notes: string[] = [];
  if (receipt.credit > 0) {
    notes.push(interpolate(m.receipt.credit, { amount: formatUah(receipt.credit, locale) }));
  }
  if (receipt.refundedKopecks > 0) {
    notes.push(
      interpolate(m.receipt.refunded, { amount: formatUah(receipt.refundedKopecks, locale) }),
    );
  }
  return {
    title: interpolate(m.receipt.title, { number: receipt.receiptNumber }),
    fields: [
      { label: m.receipt.number, value: receipt.receiptNumber, mono: true },
      { label: m.receipt.date, value: formatDocumentDateTime(receipt.paidAt) },
      { label: m.receipt.payee, value: payee.name },
      { label: m.receipt.edrpou, value: payee.edrpou, mono: true },
      { label: m.receipt.iban, value: payee.iban, mono: true },
      { label: m.receipt.bank, value: payee.bank },
      { label: m.receipt.account, value: receipt.accountNumber, mono: true },
      { label: m.receipt.holder, value: receipt.holderInitials },
      {
        label: m.receipt.purpose,
        value: interpolate(m.receipt.purposeText, { account: receipt.accountNumber }),
      },
      { label: m.receipt.amount, value: formatUah(receipt.amountKopecks, locale), strong: true },
      { label: m.receipt.balanceAfter, value: formatUah(receipt.balanceAfter, locale) },
    ],
    settledTitle: receipt.settled.length > 0 ? m.receipt.settled : null,
    settled: receipt.settled.map((line) =>
      interpolate(m.receipt.settledMonth, {
        month: formatMonth(line.month, locale),
        amount: formatUah(line.amount, locale),
      }),
    ),
    notes,
  };
}
