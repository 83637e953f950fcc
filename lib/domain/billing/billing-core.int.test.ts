/**
 * The billing core on a real PostgreSQL server, in a database of its own (a period close is
 * global, so it must not share data with other test files): accrual amounts and tariff
 * history, idempotent and resumable period close, refused periods, balances equal to the
 * ledger, FIFO ageing in SQL and TypeScript agreeing, and the call-list rule on payments,
 * reversals, SMS opt-in and disputes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { applyMigrations } from '../../../scripts/db/schema-engine';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../../test/database';
import { monthStartDate } from '../../dates';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { isAppError } from '../app-error';
import { getAccountArrears } from '../arrears/get-account-arrears';
import { rebuildCallList } from '../call-list/rebuild-call-list';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { postAdjustment, postPayment, postReversal } from '../ledger/post-ledger-entry';
import { closeBillingPeriod } from './close-billing-period';

let database: TestDatabase;
let prisma: PrismaClient;
const ids = { cleaning: 0, lift: 0, alice: 0, bohdan: 0, closed: 0, late: 0, sms: 0 };
const JULY_10 = new Date('2026-07-10T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 4);

  const district = await prisma.district.create({ data: { name: 'Шевченківський' } });
  const category = await prisma.tariffCategory.create({
    data: {
      code: 'LIFT',
      nameUk: 'з ліфтом',
      nameRu: 'с лифтом',
      nameEn: 'with lift',
      hasLift: true,
    },
  });
  const cleaning = await prisma.serviceComponent.create({
    data: {
      code: 'CLEANING',
      nameUk: 'Прибирання',
      nameRu: 'Уборка',
      nameEn: 'Cleaning',
      sortOrder: 1,
    },
  });
  const lift = await prisma.serviceComponent.create({
    data: { code: 'LIFT', nameUk: 'Ліфт', nameRu: 'Лифт', nameEn: 'Lift', sortOrder: 2 },
  });
  ids.cleaning = cleaning.id;
  ids.lift = lift.id;
  await prisma.tariff.createMany({
    data: [
      // Cleaning 1.50 UAH/m² from January, doubled to 3.00 from April; lift 2.00 throughout.
      {
        categoryId: category.id,
        serviceId: cleaning.id,
        rateKopecksPerSqm: 150,
        effectiveFrom: monthStartDate('2026-01'),
      },
      {
        categoryId: category.id,
        serviceId: cleaning.id,
        rateKopecksPerSqm: 300,
        effectiveFrom: monthStartDate('2026-04'),
      },
      {
        categoryId: category.id,
        serviceId: lift.id,
        rateKopecksPerSqm: 200,
        effectiveFrom: monthStartDate('2026-01'),
      },
    ],
  });
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: 'вул. Сумська',
      houseNumber: '10',
      floors: 9,
    },
  });
  const account = async (
    number: string,
    areaCentiSqm: number,
    extra: Record<string, unknown> = {},
  ) =>
    (
      await prisma.account.create({
        data: {
          number,
          buildingId: building.id,
          apartment: '1',
          holderName: 'Тест Тест',
          areaCentiSqm,
          openedOn: monthStartDate('2020-01'),
          billAccessCodeHash: 'x',
          phones: {
            create: { e164: `+38050${number.slice(-7)}`, kind: 'MOBILE', isPrimary: true },
          },
          ...extra,
        },
      })
    ).id;
  ids.alice = await account('1000000016', 5_000); // 50.00 m²
  ids.bohdan = await account('1000000024', 4_537); // 45.37 m²
  ids.closed = await account('1000000032', 6_000, {
    status: 'CLOSED',
    closedOn: monthStartDate('2025-12'),
  });
  ids.late = await account('1000000040', 3_000, { openedOn: new Date('2026-03-15T00:00:00Z') });
  ids.sms = await account('1000000057', 5_000);
});

afterAll(async () => {
  await prisma?.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

async function ledgerCount(): Promise<number> {
  return prisma.ledgerEntry.count();
}

async function accrual(accountId: number, month: string, serviceId: number) {
  return prisma.ledgerEntry.findFirst({
    where: { accountId, kind: 'ACCRUAL', periodMonth: monthStartDate(month), serviceId },
  });
}

describe('closing billing periods', () => {
  it('accrues area × rate, half-up, one line per service, for active accounts only', async () => {
    const result = await closeBillingPeriod(prisma, {
      rules: DEFAULT_RULES,
      month: '2026-01',
      now: JULY_10,
    });
    expect(result).toMatchObject({
      status: 'CLOSED',
      month: '2026-01',
      resumed: false,
      accountsAccrued: 3,
      linesAccrued: 6,
    });
    // 50.00 × 1.50 = 75.00; 50.00 × 2.00 = 100.00
    expect((await accrual(ids.alice, '2026-01', ids.cleaning))?.amountKopecks).toBe(7_500);
    expect((await accrual(ids.alice, '2026-01', ids.lift))?.amountKopecks).toBe(10_000);
    // 45.37 × 1.50 = 68.055 → 68.06 (half-up); 45.37 × 2.00 = 90.74
    expect((await accrual(ids.bohdan, '2026-01', ids.cleaning))?.amountKopecks).toBe(6_806);
    expect((await accrual(ids.bohdan, '2026-01', ids.lift))?.amountKopecks).toBe(9_074);
    // closed account and one opened in March: nothing
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: { in: [ids.closed, ids.late] } } }),
    ).toBe(0);
    const line = await accrual(ids.bohdan, '2026-01', ids.cleaning);
    expect(line).toMatchObject({
      areaCentiSqm: 4_537,
      effectiveAt: new Date('2026-01-31T22:00:00Z'),
    });
  });

  it('is idempotent: closing the same month again changes nothing and says so', async () => {
    const before = await ledgerCount();
    const again = await closeBillingPeriod(prisma, {
      rules: DEFAULT_RULES,
      month: '2026-01',
      now: JULY_10,
    });
    expect(again.status).toBe('ALREADY_CLOSED');
    expect(await ledgerCount()).toBe(before);
  });

  it.each([
    ['2026-03', 'PERIOD_OUT_OF_ORDER', /next period to close is 2026-02/],
    ['2025-12', 'PERIOD_OUT_OF_ORDER', /next period to close is 2026-02/],
    ['2026-07', 'PERIOD_NOT_ENDED', /has not ended yet/],
    ['2027-01', 'PERIOD_NOT_ENDED', /has not ended yet/],
    ['2026-13', 'INVALID_INPUT', /not a month/],
  ])('refuses to close %s (%s) and writes nothing', async (month, code, message) => {
    const before = await ledgerCount();
    const periods = await prisma.billingPeriod.count();
    const error = await closeBillingPeriod(prisma, {
      rules: DEFAULT_RULES,
      month,
      now: JULY_10,
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe(code);
    expect((error as Error).message).toMatch(message);
    expect(await ledgerCount()).toBe(before);
    expect(await prisma.billingPeriod.count()).toBe(periods);
  });

  it('resumes after a crash mid-run without double-charging', async () => {
    const crash = new Error('simulated crash after the first batch');
    const error = await closeBillingPeriod(prisma, {
      rules: DEFAULT_RULES,
      month: '2026-02',
      now: JULY_10,
      batchSize: 1,
      concurrency: 1, // one batch per round, so the crash comes after exactly one account
      onProgress: () => {
        throw crash;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(crash);
    const halfway = await prisma.billingPeriod.findUniqueOrThrow({
      where: { month: monthStartDate('2026-02') },
    });
    expect(halfway.status).toBe('CLOSING');
    expect(halfway.accruedThroughAccountId).toBe(ids.alice);
    expect(
      await prisma.ledgerEntry.count({ where: { periodMonth: monthStartDate('2026-02') } }),
    ).toBe(2);
    // As if the process had died between the batch's commit and the mark: the resumed run
    // repeats that batch, and the repeat charges nothing twice.
    await prisma.billingPeriod.update({
      where: { month: monthStartDate('2026-02') },
      data: { accruedThroughAccountId: null },
    });

    const resumed = await closeBillingPeriod(prisma, {
      rules: DEFAULT_RULES,
      month: '2026-02',
      now: JULY_10,
      batchSize: 1,
    });
    expect(resumed).toMatchObject({
      status: 'CLOSED',
      resumed: true,
      accountsAccrued: 3,
      linesAccrued: 6,
    });
  });

  it('two closes of one month at the same moment both finish, charging each line once', async () => {
    const results = await Promise.all(
      [1, 2].map(() =>
        closeBillingPeriod(prisma, {
          rules: DEFAULT_RULES,
          month: '2026-03',
          now: JULY_10,
          batchSize: 1,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['CLOSED']));
    const lines = await prisma.$queryRawUnsafe<{ lines: number; distinct_lines: number }[]>(
      `SELECT count(*)::int AS lines, count(DISTINCT (account_id, service_id))::int AS distinct_lines
         FROM ledger_entry WHERE kind = 'ACCRUAL' AND period_month = '2026-03-01'`,
    );
    expect(lines[0]?.lines).toBe(lines[0]?.distinct_lines);
    expect(lines[0]?.lines).toBe(8); // alice, bohdan, late (opened in March), sms × 2 services
    // Each run added only the lines it wrote: the period's totals are the ledger's.
    const march = await prisma.billingPeriod.findUniqueOrThrow({
      where: { month: monthStartDate('2026-03') },
    });
    expect(march).toMatchObject({ status: 'CLOSED', linesAccrued: 8, accountsAccrued: 4 });
  });

  it('a new tariff applies from its month and leaves earlier periods untouched', async () => {
    for (const month of ['2026-03', '2026-04', '2026-05', '2026-06']) {
      await closeBillingPeriod(prisma, { rules: DEFAULT_RULES, month, now: JULY_10 });
    }
    expect((await accrual(ids.alice, '2026-03', ids.cleaning))?.amountKopecks).toBe(7_500);
    expect((await accrual(ids.alice, '2026-04', ids.cleaning))?.amountKopecks).toBe(15_000);
    expect((await accrual(ids.bohdan, '2026-04', ids.cleaning))?.amountKopecks).toBe(13_611); // 45.37 × 3.00
    // The account opened on 15 March is charged from March.
    expect(await prisma.ledgerEntry.count({ where: { accountId: ids.late } })).toBe(8);
    const next = await prisma.billingPeriod.findUniqueOrThrow({
      where: { month: monthStartDate('2026-07') },
    });
    expect(next.status).toBe('OPEN');
  });

  it('keeps every cached balance equal to its ledger sum', async () => {
    const mismatches = await prisma.$queryRawUnsafe<{ id: number }[]>(
      `SELECT a.id FROM account a
        WHERE a.balance_kopecks <> (SELECT coalesce(sum(amount_kopecks), 0) FROM ledger_entry l WHERE l.account_id = a.id)`,
    );
    expect(mismatches).toEqual([]);
    const alice = await prisma.account.findUniqueOrThrow({ where: { id: ids.alice } });
    // Jan–Mar 175.00, Apr–Jun 250.00
    expect(alice.balanceKopecks).toBe(3 * 17_500 + 3 * 25_000);
  });
});

describe('the call list after the June close (as of 10 July 2026)', () => {
  it('holds the account whose January bill is 4 full months overdue', async () => {
    const entry = await prisma.callListEntry.findFirst({
      where: { accountId: ids.alice, removedAt: null },
    });
    // January is overdue from March: Mar, Apr, May, Jun = 4 full months. Overdue = Jan..May.
    expect(entry).toMatchObject({ overdueMonths: 4, overdueKopecks: 3 * 17_500 + 2 * 25_000 });
    const arrears = await getAccountArrears(prisma, {
      rules: DEFAULT_RULES,
      accountId: ids.alice,
      balance: 127_500,
      asOf: JULY_10,
    });
    expect(arrears).toMatchObject({ overdueMonths: 4, overdue: 102_500, amountDue: 127_500 });
  });

  it('TypeScript and SQL ageing agree on every account', async () => {
    const accounts = await prisma.account.findMany({ select: { id: true, balanceKopecks: true } });
    for (const account of accounts) {
      const ts = await getAccountArrears(prisma, {
        rules: DEFAULT_RULES,
        accountId: account.id,
        balance: account.balanceKopecks,
        asOf: JULY_10,
      });
      const sql = await prisma.$transaction((tx) =>
        refreshCallListEntry(tx, { rules: DEFAULT_RULES, accountId: account.id, asOf: JULY_10 }),
      );
      expect({
        id: account.id,
        overdue: sql.evaluation.overdue,
        months: sql.evaluation.overdueMonths,
      }).toEqual({
        id: account.id,
        overdue: ts.overdue,
        months: ts.overdueMonths,
      });
    }
  });

  it('a partial payment that leaves more than 3 months overdue keeps the account on the list', async () => {
    const result = await pay(ids.alice, 17_500, 'partial-1'); // settles January only
    expect(result.callList).toBe('UPDATED');
    const entry = await prisma.callListEntry.findFirst({
      where: { accountId: ids.alice, removedAt: null },
    });
    expect(entry).toMatchObject({ overdueMonths: 3 }); // February, overdue from April
  });

  it('a payment that brings the debt under 3 months removes it in the same transaction, as PAID', async () => {
    const result = await pay(ids.alice, 17_500, 'partial-2'); // February too: March is 2 months overdue
    expect(result.callList).toBe('REMOVED');
    const last = await prisma.callListEvent.findFirst({
      where: { accountId: ids.alice },
      orderBy: { id: 'desc' },
    });
    expect(last).toMatchObject({ action: 'REMOVED', reason: 'BELOW_THRESHOLD' });
  });

  it('reversing that payment puts the account back on the list', async () => {
    const payment = await prisma.payment.findFirstOrThrow({
      where: { providerPaymentId: 'partial-2' },
      include: { ledgerEntries: true },
    });
    const entry = payment.ledgerEntries[0];
    if (!entry) throw new Error('payment has no ledger entry');
    const result = await prisma.$transaction((tx) =>
      postReversal(tx, {
        rules: DEFAULT_RULES,
        accountId: ids.alice,
        reversesEntryId: entry.id,
        paymentId: payment.id,
        now: JULY_10,
      }),
    );
    expect(result.callList).toBe('ADDED');
    const events = await prisma.callListEvent.findMany({
      where: { accountId: ids.alice },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => `${e.action}:${e.reason}`)).toEqual([
      'ADDED:OVERDUE',
      'REMOVED:BELOW_THRESHOLD',
      'ADDED:OVERDUE',
    ]);
  });

  it('paying everything removes it as PAID; an overpayment is carried as credit', async () => {
    const balance = (await prisma.account.findUniqueOrThrow({ where: { id: ids.alice } }))
      .balanceKopecks;
    const result = await pay(ids.alice, balance + 5_000, 'full');
    expect(result).toMatchObject({ callList: 'REMOVED', balanceKopecks: -5_000 });
    const last = await prisma.callListEvent.findFirst({
      where: { accountId: ids.alice },
      orderBy: { id: 'desc' },
    });
    expect(last?.reason).toBe('PAID');
  });

  it('a credit adjustment that clears the oldest months takes the account off', async () => {
    const bohdan = await prisma.callListEntry.findFirst({
      where: { accountId: ids.bohdan, removedAt: null },
    });
    expect(bohdan).not.toBeNull();
    const result = await prisma.$transaction((tx) =>
      postAdjustment(tx, {
        rules: DEFAULT_RULES,
        accountId: ids.bohdan,
        amountKopecks: -(2 * 15_880),
        memo: 'Area corrected for Jan–Feb',
        now: JULY_10,
      }),
    );
    expect(result.callList).toBe('REMOVED');
  });

  it('choosing SMS or opening a dispute takes a debtor off; the rebuild agrees and is idempotent', async () => {
    expect(
      await prisma.callListEntry.count({ where: { accountId: ids.sms, removedAt: null } }),
    ).toBe(1);
    await prisma.account.update({
      where: { id: ids.sms },
      data: { contactPreference: 'SMS', smsPhoneE164: '+380671234500' },
    });
    const late = await prisma.callListEntry.findFirst({
      where: { accountId: ids.late, removedAt: null },
    });
    await prisma.dispute.create({
      data: {
        accountId: ids.late,
        openedBy: 'RESIDENT',
        category: 'WRONG_AREA',
        description: 'Площа інша',
      },
    });
    // The account opened in March is only 2 months overdue: never on the list.
    expect(late).toBeNull();
    const first = await rebuildCallList(prisma, { rules: DEFAULT_RULES, asOf: JULY_10 });
    expect(first.removed).toBe(1);
    const reasons = await prisma.callListEntry.findMany({
      where: { accountId: { in: [ids.sms, ids.late] } },
      select: { accountId: true, removalReason: true },
    });
    expect(reasons).toContainEqual({ accountId: ids.sms, removalReason: 'SMS_OPT_IN' });
    const second = await rebuildCallList(prisma, { rules: DEFAULT_RULES, asOf: JULY_10 });
    expect(second).toMatchObject({ added: 0, removed: 0, updated: 0 });
  });

  it('a higher minimum amount (configuration) keeps small debts off the list', async () => {
    const strict = { ...DEFAULT_RULES, callListMinOverdueKopecks: 10_000_000 };
    const result = await rebuildCallList(prisma, { asOf: JULY_10, rules: strict });
    expect(result.onList).toBe(0);
    await rebuildCallList(prisma, { rules: DEFAULT_RULES, asOf: JULY_10 });
  });
});

async function pay(accountId: number, amountKopecks: number, providerPaymentId: string) {
  return prisma.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        provider: 'DEMO',
        providerPaymentId,
        receiptNumber: `R-${providerPaymentId}`,
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
