import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '../../../test/factories';
import { monthStartDate } from '../../dates';
import { getPrisma } from '../../server/db';
import { postPayment } from '../ledger/post-ledger-entry';
import { getAccountOverview } from './get-account-overview';
import { getAccountStatement } from './get-account-statement';
import { getTariffHistory } from './get-tariff-history';

const prisma = getPrisma();
const JULY_10 = new Date('2026-07-10T09:00:00Z');

afterAll(async () => {
  await prisma.$disconnect();
});

async function payOn(accountId: number, amountKopecks: number, at: string) {
  return prisma.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        provider: 'BANK_IMPORT',
        providerPaymentId: `stmt-${accountId}-${at}`,
        receiptNumber: `KP-TEST-${accountId}-${at}`,
        accountId,
        amountKopecks,
        status: 'SUCCEEDED',
        succeededAt: new Date(at),
      },
    });
    return postPayment(tx, {
      rules: DEFAULT_RULES,
      accountId,
      paymentId: payment.id,
      amountKopecks,
      effectiveAt: new Date(at),
      now: JULY_10,
    });
  });
}

describe('statement, overview and tariff history', () => {
  it('shows each month with area × rate lines, payments and a running balance', async () => {
    const account = await createAccountWithDebt(prisma, {
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
      monthlyKopecks: 30_000,
    });
    await payOn(account.accountId, 45_000, '2026-03-15T10:00:00Z');

    const statement = await getAccountStatement(prisma, {
      accountId: account.accountId,
      months: 6,
      asOf: JULY_10,
    });
    expect(statement.from).toBe('2026-02');
    expect(statement.to).toBe('2026-07');
    expect(
      statement.months.map((m) => [m.month, m.openingBalance, m.charged, m.paid, m.closingBalance]),
    ).toEqual([
      ['2026-02', 30_000, 30_000, 0, 60_000],
      ['2026-03', 60_000, 30_000, 45_000, 45_000],
      ['2026-04', 45_000, 30_000, 0, 75_000],
      ['2026-05', 75_000, 30_000, 0, 105_000],
      ['2026-06', 105_000, 30_000, 0, 135_000],
      ['2026-07', 135_000, 0, 0, 135_000],
    ]);
    const march = statement.months[1];
    expect(march?.accruals).toEqual([
      expect.objectContaining({
        areaCentiSqm: 10_000,
        rateKopecksPerSqm: 300,
        amount: 30_000,
        tariffEffectiveFrom: '2020-01',
      }),
    ]);
    expect(march?.movements).toEqual([
      expect.objectContaining({
        kind: 'PAYMENT',
        amount: -45_000,
        receiptNumber: `KP-TEST-${account.accountId}-2026-03-15T10:00:00Z`,
      }),
    ]);
    const balance = await prisma.account.findUniqueOrThrow({ where: { id: account.accountId } });
    expect(statement.months.at(-1)?.closingBalance).toBe(balance.balanceKopecks);
  });

  it('reads a long history a page at a time: earlier pages end where the next begins', async () => {
    const account = await createAccountWithDebt(prisma, {
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
      monthlyKopecks: 30_000,
    });
    await payOn(account.accountId, 45_000, '2026-03-15T10:00:00Z');
    const latest = await getAccountStatement(prisma, {
      accountId: account.accountId,
      months: 3,
      asOf: JULY_10,
    });
    expect([latest.from, latest.to, latest.hasEarlier, latest.hasLater]).toEqual([
      '2026-05',
      '2026-07',
      true,
      false,
    ]);
    const earlier = await getAccountStatement(prisma, {
      accountId: account.accountId,
      months: 3,
      to: '2026-04',
      asOf: JULY_10,
    });
    // February to April: nothing after April leaks in (the July payment page is later).
    expect(
      earlier.months.map((m) => [m.month, m.openingBalance, m.charged, m.paid, m.closingBalance]),
    ).toEqual([
      ['2026-02', 30_000, 30_000, 0, 60_000],
      ['2026-03', 60_000, 30_000, 45_000, 45_000],
      ['2026-04', 45_000, 30_000, 0, 75_000],
    ]);
    expect([earlier.hasEarlier, earlier.hasLater]).toEqual([true, true]);
    expect(earlier.months.at(-1)?.closingBalance).toBe(latest.months[0]?.openingBalance);
    const first = await getAccountStatement(prisma, {
      accountId: account.accountId,
      months: 3,
      to: '2026-01',
      asOf: JULY_10,
    });
    expect([first.from, first.hasEarlier, first.hasLater]).toEqual(['2025-11', false, true]);
    // A month after the current one is the current one: no statement of the future.
    const future = await getAccountStatement(prisma, {
      accountId: account.accountId,
      months: 3,
      to: '2027-01',
      asOf: JULY_10,
    });
    expect(future.to).toBe('2026-07');
  });

  it('explains the call-list state and masks phones on the overview', async () => {
    const account = await createAccountWithDebt(prisma, {
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
      monthlyKopecks: 30_000,
      phone: '+380501234567',
    });
    const overview = await getAccountOverview(prisma, {
      rules: DEFAULT_RULES,
      accountId: account.accountId,
      asOf: JULY_10,
    });
    // January overdue from March: 4 full months by July → the rule says OVERDUE (belongs on the list).
    expect(overview.callList.reason).toBe('OVERDUE');
    expect(overview.arrears).toMatchObject({
      amountDue: 180_000,
      overdue: 150_000,
      overdueMonths: 4,
    });
    expect(overview.phones).toEqual(['+380 •• ••• •• 67']);
    expect(overview.openDisputes).toEqual([]);
  });

  it('lists tariff steps with the previous rate, for the plain-words explanation', async () => {
    const account = await createAccountWithDebt(prisma, {
      months: ['2026-01'],
      monthlyKopecks: 20_000,
    });
    const entry = await prisma.ledgerEntry.findFirstOrThrow({
      where: { accountId: account.accountId, kind: 'ACCRUAL' },
    });
    const tariff = await prisma.tariff.findUniqueOrThrow({ where: { id: entry.tariffId ?? 0 } });
    await prisma.tariff.create({
      data: {
        categoryId: tariff.categoryId,
        serviceId: tariff.serviceId,
        rateKopecksPerSqm: 400,
        effectiveFrom: monthStartDate('2026-04'),
      },
    });
    const history = await getTariffHistory(prisma, { accountId: account.accountId });
    expect(
      history.steps.map((s) => [
        s.effectiveFrom,
        s.totalPerSqm,
        s.previousTotalPerSqm,
        s.monthlyForArea,
      ]),
    ).toEqual([
      ['2020-01', 200, null, 20_000],
      ['2026-04', 400, 200, 40_000],
    ]);
    expect(history.steps[1]?.rates[0]).toMatchObject({ rateKopecksPerSqm: 400, previousRate: 200 });
  });
});
