/**
 * What a resident is told about the calls after paying, against the real PostgreSQL server: a
 * debtor on the list who pays part of the overdue debt is still on it, with the overdue part
 * that would stop the calls; paying that part takes the number off (REMOVED, PAID, at the
 * payment's time); an account never on the list is OFF with the rule's reason.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { getPrisma } from '../../server/db';
import { postPayment } from '../ledger/post-ledger-entry';
import { getCallListStanding } from './get-call-list-standing';
import { refreshCallListEntry } from './refresh-call-list-entry';

const prisma = getPrisma();
const JULY_10 = new Date('2026-07-10T09:00:00Z');

afterAll(async () => {
  await prisma.$disconnect();
});

async function pay(accountId: number, amountKopecks: number) {
  const id = randomBytes(6).toString('hex');
  return prisma.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        provider: 'DEMO',
        providerPaymentId: `standing-${id}`,
        receiptNumber: `R-standing-${id}`,
        accountId,
        amountKopecks,
        status: 'SUCCEEDED',
        succeededAt: JULY_10,
      },
    });
    return postPayment(tx, {
      rules: DEFAULT_RULES,
      accountId,
      paymentId: payment.id,
      amountKopecks,
      now: JULY_10,
    });
  });
}

const standing = (accountId: number) =>
  getCallListStanding(prisma, {
    accountId,
    since: new Date(JULY_10.getTime() - 60_000),
    asOf: JULY_10,
    rules: DEFAULT_RULES,
  });

describe('the call-list standing after a payment', () => {
  it('partly paid: still on the list, with the overdue part; then paid off: REMOVED as PAID', async () => {
    // January–June at 1,000.00 UAH; on 10 July January–May are due (5,000.00 overdue).
    const debtor = await createAccountWithDebt(prisma, {
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
      monthlyKopecks: 100_000,
    });
    await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, {
        accountId: debtor.accountId,
        asOf: JULY_10,
        rules: DEFAULT_RULES,
      }),
    );
    expect(await standing(debtor.accountId)).toMatchObject({ kind: 'ON_LIST', overdue: 500_000 });

    // January paid: February–May still overdue; February's bill (due by the end of March) is
    // 3 full months overdue on 10 July, so the number stays on the list.
    await pay(debtor.accountId, 100_000);
    expect(await standing(debtor.accountId)).toMatchObject({
      kind: 'ON_LIST',
      overdue: 400_000,
      overdueMonths: 3,
    });

    await pay(debtor.accountId, 400_000); // the overdue part: only June, not yet due, is left
    expect(await standing(debtor.accountId)).toMatchObject({ kind: 'REMOVED', reason: 'PAID' });
  });

  it('an account never on the list: OFF, with the rule’s reason', async () => {
    const recent = await createAccountWithDebt(prisma, {
      months: ['2026-06'],
      monthlyKopecks: 50_000,
    });
    expect(await standing(recent.accountId)).toEqual({ kind: 'OFF', reason: 'PAID' });
  });
});
