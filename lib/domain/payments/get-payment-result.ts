import 'server-only';
import type { MonthKey } from '../../dates';
import type { PrismaClient } from '../../server/db';
import { maskHolderName } from '../accounts/mask';
import { creditsOf } from '../arrears/age-arrears';
import { readMonthlyDebits } from '../arrears/get-account-arrears';
import { allocatePayment } from './allocate-payment';

export type Receipt = {
  receiptNumber: string;
  /** Internal: which account (for its call-list standing); never shown. */
  accountId: number;
  paidAt: Date;
  amountKopecks: number;
  refundedKopecks: number;
  accountNumber: string;
  /** The account holder's initials (maskHolderName): never the full name. */
  holderInitials: string;
  settled: { month: MonthKey; amount: number }[];
  credit: number;
  balanceAfter: number;
};

/** What a checkout was opened to pay on one account. */
export type CheckoutSharePreview = { accountNumber: string; amountKopecks: number };

export type PaymentResult =
  | { state: 'UNKNOWN' }
  | {
      state: 'PROCESSING' | 'CANCELLED' | 'EXPIRED' | 'FAILED';
      /** The first (or only) account: where "try again" leads. */
      accountNumber: string;
      amountKopecks: number;
      /** Every account the checkout pays, in order (one for a one-account checkout). */
      shares: CheckoutSharePreview[];
    }
  /** One receipt per account paid, in the checkout's order. */
  | { state: 'PAID'; receipts: Receipt[] };

const SESSION_ID = /^cs_[A-Za-z0-9_]{8,200}$/;

/**
 * What a payer returning from checkout sees: PROCESSING until the webhook has booked the
 * payment (the page refreshes for a minute, result-polling.ts), then the receipt; CANCELLED
 * when they came back through the cancel link, EXPIRED when the provider ended the session
 * unpaid, FAILED when it was declined. A checkout that paid several linked accounts has one
 * receipt per account. The checkout session id is the capability: long, random, and only
 * known to whoever paid.
 */
export async function getPaymentResult(
  prisma: PrismaClient,
  options: { sessionId: string; cancelled?: boolean },
): Promise<PaymentResult> {
  if (!SESSION_ID.test(options.sessionId)) return { state: 'UNKNOWN' };
  const session = await prisma.checkoutSession.findUnique({
    where: { id: options.sessionId },
    select: {
      status: true,
      amountKopecks: true,
      account: { select: { number: true } },
      shares: {
        select: { amountKopecks: true, account: { select: { number: true } } },
        orderBy: { shareIndex: 'asc' },
      },
    },
  });
  if (!session) return { state: 'UNKNOWN' };
  const payments = await prisma.payment.findMany({
    where: { checkoutSessionId: options.sessionId },
    select: { id: true },
    orderBy: { shareIndex: 'asc' },
  });
  if (payments.length > 0) {
    const receipts: Receipt[] = [];
    for (const payment of payments) {
      const receipt = await getReceipt(prisma, payment.id);
      if (receipt) receipts.push(receipt);
    }
    if (receipts.length === payments.length) return { state: 'PAID', receipts };
  }
  const base = {
    accountNumber: session.account.number,
    amountKopecks: session.amountKopecks,
    shares:
      session.shares.length > 0
        ? session.shares.map((share) => ({
            accountNumber: share.account.number,
            amountKopecks: share.amountKopecks,
          }))
        : [{ accountNumber: session.account.number, amountKopecks: session.amountKopecks }],
  };
  if (session.status === 'FAILED') return { state: 'FAILED', ...base };
  // Back through the cancel link: they cancelled (the session may already have been expired
  // because of it). Expired without that: the time to pay ran out.
  if (options.cancelled && (session.status === 'OPEN' || session.status === 'EXPIRED')) {
    return { state: 'CANCELLED', ...base };
  }
  if (session.status === 'EXPIRED') return { state: 'EXPIRED', ...base };
  return { state: 'PROCESSING', ...base };
}

/** The receipt of one booked payment: what it settled, by FIFO at the time it was booked. */
export async function getReceipt(prisma: PrismaClient, paymentId: number): Promise<Receipt | null> {
  const payment = await prisma.payment.findUnique({
    where: { id: paymentId },
    select: {
      receiptNumber: true,
      succeededAt: true,
      createdAt: true,
      amountKopecks: true,
      refundedKopecks: true,
      accountId: true,
      account: { select: { number: true, holderName: true } },
      // The sale's own entry (a won dispute's reinstatement is a later PAYMENT entry).
      ledgerEntries: {
        where: { kind: 'PAYMENT' },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: 1,
      },
    },
  });
  const entry = payment?.ledgerEntries[0];
  if (!payment || !entry) return null;
  // The ledger as it stood just before this payment, aged by the same rule as everywhere:
  // debits by month, and credits = debits - balance.
  const debits = await readMonthlyDebits(prisma, {
    accountId: payment.accountId,
    beforeEntryId: entry.id,
  });
  const [prior] = await prisma.$queryRawUnsafe<{ balance: bigint }[]>(
    'SELECT coalesce(sum(amount_kopecks), 0)::bigint AS balance FROM ledger_entry WHERE account_id = $1 AND id < $2',
    payment.accountId,
    entry.id,
  );
  const priorBalance = Number(prior?.balance ?? 0n);
  const priorCredits = creditsOf(debits, priorBalance);
  const allocation = allocatePayment({ debits, priorCredits, amount: payment.amountKopecks });
  return {
    receiptNumber: payment.receiptNumber,
    accountId: payment.accountId,
    paidAt: payment.succeededAt ?? payment.createdAt,
    amountKopecks: payment.amountKopecks,
    refundedKopecks: payment.refundedKopecks,
    accountNumber: payment.account.number,
    holderInitials: maskHolderName(payment.account.holderName),
    settled: allocation.settled,
    credit: allocation.leftover,
    balanceAfter: Math.max(0, priorBalance - payment.amountKopecks),
  };
}
