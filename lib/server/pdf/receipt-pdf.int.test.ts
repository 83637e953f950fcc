/**
 * The receipt PDF, read back with a PDF text extractor (unpdf): the payee, the amount, the
 * account, the date as documents print it, the purpose and the call-list sentence are all in
 * it, in Ukrainian and in English; the font is embedded (Cyrillic survives extraction).
 */
import { randomBytes } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { postPayment } from '../../domain/ledger/post-ledger-entry';
import { getReceipt } from '../../domain/payments/get-payment-result';
import { receiptDocument } from '../../domain/payments/receipt-document';
import { messagesFor } from '../../i18n/messages';
import { getPrisma } from '../db';
import { renderReceiptPdf } from './receipt-pdf';

const prisma = getPrisma();
const PAYEE = {
  name: 'КП «Житлосервіс» (демо)',
  edrpou: '12345678',
  iban: 'UA213223130000026007233566001',
  bank: 'АТ «Демо Банк»',
};
const PAID_AT = new Date('2026-11-30T16:20:00Z'); // 18:20 in Kyiv

afterAll(async () => {
  await prisma.$disconnect();
});

async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('the receipt PDF', () => {
  it('carries the payee, amount, account, date and purpose, in Ukrainian and English', async () => {
    const debtor = await createAccountWithDebt(prisma, {
      months: ['2026-09', '2026-10'],
      monthlyKopecks: 328_041,
    });
    const id = randomBytes(6).toString('hex');
    const payment = await prisma.$transaction(async (tx) => {
      const created = await tx.payment.create({
        data: {
          provider: 'DEMO',
          providerPaymentId: `pdf-${id}`,
          receiptNumber: `KP-2026-${id.slice(0, 8)}`,
          accountId: debtor.accountId,
          amountKopecks: 656_082,
          status: 'SUCCEEDED',
          succeededAt: PAID_AT,
        },
      });
      await postPayment(tx, {
        rules: DEFAULT_RULES,
        accountId: debtor.accountId,
        paymentId: created.id,
        amountKopecks: 656_082,
        now: PAID_AT,
      });
      return created;
    });
    const receipt = await getReceipt(prisma, payment.id);
    if (!receipt) throw new Error('no receipt');

    const uk = await pdfText(
      await renderReceiptPdf([
        {
          doc: receiptDocument(receipt, PAYEE, 'uk', messagesFor('uk')),
          footer: ['Ваш номер знято зі списку дзвінків.'],
        },
      ]),
    );
    expect(uk).toContain(`Квитанція ${receipt.receiptNumber}`);
    expect(uk).toContain('30.11.2026 18:20');
    expect(uk).toContain('КП «Житлосервіс» (демо)');
    expect(uk).toContain('12345678');
    expect(uk).toContain('UA213223130000026007233566001');
    expect(uk).toContain(debtor.accountNumber);
    expect(uk).toMatch(/6\s560,82\s₴/);
    expect(uk).toContain('Призначення платежу');
    expect(uk).toContain('Ваш номер знято зі списку дзвінків.');

    const en = await pdfText(
      await renderReceiptPdf([{ doc: receiptDocument(receipt, PAYEE, 'en', messagesFor('en')) }]),
    );
    expect(en).toContain('Purpose of payment');
    expect(en).toContain('30.11.2026 18:20');
    expect(en).toContain('UA213223130000026007233566001');
  });
});
