import 'server-only';
import type { PrismaClient } from '../../server/db';
import type { PaymentStatus } from '../../server/generated/prisma/enums';
import { getReceipt, type Receipt } from './get-payment-result';

export type PaymentHistoryLine = {
  receiptNumber: string;
  paidAt: Date;
  amountKopecks: number;
  refundedKopecks: number;
  status: PaymentStatus;
};

/** The account's booked payments, newest first (the caller has authorised the account). */
export async function listAccountPayments(
  prisma: PrismaClient,
  options: { accountId: number; take?: number },
): Promise<PaymentHistoryLine[]> {
  const payments = await prisma.payment.findMany({
    where: { accountId: options.accountId, ledgerEntries: { some: { kind: 'PAYMENT' } } },
    orderBy: [{ succeededAt: 'desc' }, { id: 'desc' }],
    take: options.take ?? 100,
    select: {
      receiptNumber: true,
      succeededAt: true,
      createdAt: true,
      amountKopecks: true,
      refundedKopecks: true,
      status: true,
    },
  });
  return payments.map((payment) => ({
    receiptNumber: payment.receiptNumber,
    paidAt: payment.succeededAt ?? payment.createdAt,
    amountKopecks: payment.amountKopecks,
    refundedKopecks: payment.refundedKopecks,
    status: payment.status,
  }));
}

/**
 * One receipt of the account's. A receipt number of another account answers null exactly like
 * an unknown one, so receipt numbers cannot be used to probe other accounts.
 */
export async function getAccountReceipt(
  prisma: PrismaClient,
  options: { accountId: number; receiptNumber: string },
): Promise<Receipt | null> {
  if (!/^[A-Za-z0-9-]{4,40}$/.test(options.receiptNumber)) return null;
  const payment = await prisma.payment.findUnique({
    where: { receiptNumber: options.receiptNumber },
    select: { id: true, accountId: true },
  });
  if (!payment || payment.accountId !== options.accountId) return null;
  return getReceipt(prisma, payment.id);
}
