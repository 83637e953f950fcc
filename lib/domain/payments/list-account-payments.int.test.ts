import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '../../../test/factories';
import { getPrisma } from '../../server/db';
import { postPayment } from '../ledger/post-ledger-entry';
import { getAccountReceipt, listAccountPayments } from './list-account-payments';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

async function pay(accountId: number, amountKopecks: number, id: string) {
  return prisma.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        provider: 'BANK_IMPORT',
        providerPaymentId: id,
        receiptNumber: `KP-T-${id}`,
        accountId,
        amountKopecks,
        status: 'SUCCEEDED',
        succeededAt: new Date('2026-05-10T09:00:00Z'),
      },
    });
    await postPayment(tx, {
      rules: DEFAULT_RULES,
      accountId,
      paymentId: payment.id,
      amountKopecks,
      effectiveAt: new Date('2026-05-10T09:00:00Z'),
    });
    return payment.receiptNumber;
  });
}

describe('payment history and receipts of an account', () => {
  it('lists the account payments and shows what a payment settled (FIFO)', async () => {
    const mine = await createAccountWithDebt(prisma, {
      months: ['2026-01', '2026-02', '2026-03'],
      monthlyKopecks: 30_000,
    });
    const receiptNumber = await pay(mine.accountId, 45_000, `h${mine.accountId}`);
    const history = await listAccountPayments(prisma, { accountId: mine.accountId });
    expect(history).toEqual([
      expect.objectContaining({ receiptNumber, amountKopecks: 45_000, status: 'SUCCEEDED' }),
    ]);
    const receipt = await getAccountReceipt(prisma, { accountId: mine.accountId, receiptNumber });
    expect(receipt).toMatchObject({
      settled: [
        { month: '2026-01', amount: 30_000 },
        { month: '2026-02', amount: 15_000 },
      ],
      credit: 0,
      balanceAfter: 45_000,
    });
  });

  it("another account's receipt number answers like an unknown one", async () => {
    const mine = await createAccountWithDebt(prisma, {
      months: ['2026-01'],
      monthlyKopecks: 30_000,
    });
    const theirs = await createAccountWithDebt(prisma, {
      months: ['2026-01'],
      monthlyKopecks: 30_000,
    });
    const theirReceipt = await pay(theirs.accountId, 30_000, `t${theirs.accountId}`);
    expect(
      await getAccountReceipt(prisma, { accountId: mine.accountId, receiptNumber: theirReceipt }),
    ).toBeNull();
    expect(
      await getAccountReceipt(prisma, { accountId: mine.accountId, receiptNumber: 'KP-NOPE-1' }),
    ).toBeNull();
    expect(
      await getAccountReceipt(prisma, {
        accountId: mine.accountId,
        receiptNumber: "'; DROP TABLE payment; --",
      }),
    ).toBeNull();
  });
});
