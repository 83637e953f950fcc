/**
 * The public look-up counts the client's budget and reads the account in one statement. On a
 * real server: it answers exactly what the account-only look-up answers (hand-checked amounts
 * for a debtor), unknown and malformed numbers as before, and the budget holds: the 31st look-up
 * in a window is LIMITED whatever the number, concurrent look-ups from one client get exactly
 * LOOKUP_LIMIT answers, and another client's budget is untouched.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { applyMigrations } from '../../../scripts/db/schema-engine';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../../test/database';
import { monthStartDate } from '../../dates';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME, withCheckDigit } from './account-number';
import { LOOKUP_LIMIT, lookUpAccountWithinBudget } from './look-up-within-budget';
import { lookupAccount } from './lookup-account';

let database: TestDatabase;
let prisma: PrismaClient;
const NUMBER = withCheckDigit('123456789');
const UNKNOWN = withCheckDigit('987654321');
const AS_OF = new Date('2026-05-10T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 12);
  const district = await prisma.district.create({ data: { name: 'Київський' } });
  const category = await prisma.tariffCategory.create({
    data: { code: 'T', nameUk: 'т', nameRu: 'т', nameEn: 't', hasLift: false },
  });
  const service = await prisma.serviceComponent.create({
    data: { code: 'A', nameUk: 'А', nameRu: 'А', nameEn: 'A', sortOrder: 1 },
  });
  const tariff = await prisma.tariff.create({
    data: {
      categoryId: category.id,
      serviceId: service.id,
      rateKopecksPerSqm: 200,
      effectiveFrom: monthStartDate('2026-01'),
    },
  });
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: 'вул. Пушкінська',
      houseNumber: '12',
      floors: 9,
    },
  });
  const account = await prisma.account.create({
    data: {
      number: NUMBER,
      buildingId: building.id,
      apartment: '7',
      holderName: 'Шевченко Тарас',
      areaCentiSqm: 5000,
      openedOn: monthStartDate('2026-01'),
      billAccessCodeHash: 'h',
    },
  });
  // January–April, 50 m² × 2.00 = 100.00 UAH a month, nothing paid: 400.00 due.
  for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) {
    await prisma.billingPeriod.create({
      data: { month: monthStartDate(month), status: 'CLOSED', closedAt: new Date() },
    });
    await prisma.$executeRawUnsafe(
      `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, service_id, tariff_id, area_centi_sqm, effective_at)
       VALUES ($1, 'ACCRUAL', 10000, $2::date, $3, $4, 5000, ($2::date + interval '1 month')::timestamptz)`,
      account.id,
      `${month}-01`,
      service.id,
      tariff.id,
    );
  }
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

const look = (clientKey: string, accountNumber: string) =>
  lookUpAccountWithinBudget(prisma, {
    clientKey,
    accountNumber,
    scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
    rules: DEFAULT_RULES,
    asOf: AS_OF,
  });

describe('the public look-up in one statement', () => {
  it('answers what the account-only look-up answers', async () => {
    const result = await look('client-a', NUMBER);
    const alone = await lookupAccount(prisma, {
      accountNumber: NUMBER,
      scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
      rules: DEFAULT_RULES,
      asOf: AS_OF,
    });
    expect(result).toEqual({ kind: 'FOUND', summary: alone });
    expect(result).toMatchObject({
      kind: 'FOUND',
      summary: { accountNumber: NUMBER, amountDue: 40_000, currency: 'UAH' },
    });
  });

  it('unknown → NOT_FOUND, malformed → INVALID with the problem', async () => {
    expect(await look('client-b', UNKNOWN)).toEqual({ kind: 'NOT_FOUND' });
    expect(await look('client-b', '12345')).toEqual({ kind: 'INVALID', problem: 'WRONG_LENGTH' });
    expect(
      await look('client-b', `${NUMBER.slice(0, -1)}${(Number(NUMBER.at(-1)) + 1) % 10}`),
    ).toEqual({
      kind: 'INVALID',
      problem: 'BAD_CHECK_DIGIT',
    });
  });

  it('concurrent look-ups from one client: exactly the budget is answered, the rest LIMITED', async () => {
    const results = await Promise.all(
      Array.from({ length: LOOKUP_LIMIT + 10 }, (_, i) =>
        look('client-c', i % 2 === 0 ? NUMBER : UNKNOWN),
      ),
    );
    const limited = results.filter((r) => r.kind === 'LIMITED');
    expect(limited).toHaveLength(10);
    expect(limited.every((r) => r.kind === 'LIMITED' && r.retryAfterSeconds >= 1)).toBe(true);
    // Over the budget even a malformed number is LIMITED: the budget is checked first.
    expect((await look('client-c', '12')).kind).toBe('LIMITED');
    // Another client is untouched.
    expect((await look('client-d', NUMBER)).kind).toBe('FOUND');
  });
});
