/**
 * The kept arrears state (account_month_debit and the cached balance) against the ledger, the
 * source of truth, in a database of its own (verification reads every account): a seeded random
 * sequence of a few thousand accruals (single and in bulk), payments, adjustments with and
 * without a month, and partial reversals, then concurrent payments on one account; after each,
 * `verifyArrearsState` finds no mismatch. The ledger view of the debits (as before an entry)
 * agrees with the kept state too.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createRng } from '../../../prisma/seed/rng';
import { applyMigrations } from '../../../scripts/db/schema-engine';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../../test/database';
import { addMonths, monthStartDate } from '../../dates';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { callListParams, EVALUATE_CALL_LIST_SQL } from '../call-list/evaluate-call-list-sql';
import { postAdjustment, postPayment, postReversal } from '../ledger/post-ledger-entry';
import { arrearsFromState, readMonthlyDebits } from './get-account-arrears';
import { verifyArrearsState } from './verify-arrears-state';

let database: TestDatabase;
let prisma: PrismaClient;
let client: pg.Client;
const accounts: number[] = [];
const services: number[] = [];
let tariffId = 0;
const MONTHS = Array.from({ length: 12 }, (_, i) => addMonths('2025-06', i));

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 8);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const district = await prisma.district.create({ data: { name: 'Тестовий' } });
  const category = await prisma.tariffCategory.create({
    data: { code: 'T', nameUk: 'т', nameRu: 'т', nameEn: 't', hasLift: false },
  });
  for (const code of ['A', 'B', 'C']) {
    const service = await prisma.serviceComponent.create({
      data: { code, nameUk: code, nameRu: code, nameEn: code, sortOrder: services.length },
    });
    services.push(service.id);
    const tariff = await prisma.tariff.create({
      data: {
        categoryId: category.id,
        serviceId: service.id,
        rateKopecksPerSqm: 300,
        effectiveFrom: monthStartDate('2020-01'),
      },
    });
    tariffId = tariff.id;
  }
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: 'вул. Тестова',
      houseNumber: '1',
      floors: 5,
    },
  });
  for (let i = 0; i < 6; i += 1) {
    const account = await prisma.account.create({
      data: {
        number: `900000000${i}`,
        buildingId: building.id,
        apartment: String(i + 1),
        holderName: `Тест ${i}`,
        areaCentiSqm: 5000,
        openedOn: monthStartDate('2020-01'),
        billAccessCodeHash: `h${i}`,
      },
    });
    accounts.push(account.id);
  }
  for (const month of MONTHS) {
    await prisma.billingPeriod.create({
      data: { month: monthStartDate(month), status: 'CLOSED', closedAt: new Date() },
    });
  }
}, 120_000);

afterAll(async () => {
  await client?.end();
  await prisma?.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

async function expectNoMismatch() {
  const found = await verifyArrearsState(client);
  expect(found).toEqual({ monthDebits: [], balances: [], plans: [] });
}

/**
 * The call-list rule's SQL ageing (EVALUATE_CALL_LIST_SQL, reading the state) and the TypeScript
 * ageing (age-arrears.ts, walking forward) give every account the same overdue amount and age,
 * as of several months: a bill not yet due, just due, long overdue.
 */
async function expectSqlAgreesWithTypeScript() {
  for (const asOf of ['2025-09-10', '2026-01-10', '2026-07-10'].map((d) => new Date(d))) {
    const { rows } = await client.query<{
      account_id: number;
      overdue: number;
      overdue_months: number;
    }>(`SELECT account_id, overdue, overdue_months FROM (${EVALUATE_CALL_LIST_SQL}) x`, [
      ...callListParams(asOf, DEFAULT_RULES, 'ALL'),
    ]);
    const sql = new Map(rows.map((row) => [row.account_id, row]));
    for (const accountId of accounts) {
      const { balanceKopecks } = await prisma.account.findUniqueOrThrow({
        where: { id: accountId },
      });
      const ts = arrearsFromState({
        debits: await readMonthlyDebits(prisma, { accountId }),
        balance: balanceKopecks,
        asOf,
        rules: DEFAULT_RULES,
      });
      const row = sql.get(accountId);
      expect({
        accountId,
        asOf,
        overdue: row?.overdue ?? 0,
        months: row?.overdue_months ?? 0,
      }).toEqual({ accountId, asOf, overdue: ts.overdue, months: ts.overdueMonths });
    }
  }
}

let paymentSeq = 0;
async function pay(accountId: number, amount: number, at: Date) {
  paymentSeq += 1;
  const payment = await prisma.payment.create({
    data: {
      provider: 'DEMO',
      providerPaymentId: `p${paymentSeq}-${accountId}`,
      receiptNumber: `KP-2026-${String(paymentSeq).padStart(8, '0')}`,
      accountId,
      amountKopecks: amount,
      status: 'SUCCEEDED',
      succeededAt: at,
    },
  });
  await prisma.$transaction((tx) =>
    postPayment(tx, {
      accountId,
      paymentId: payment.id,
      amountKopecks: amount,
      rules: DEFAULT_RULES,
      now: at,
    }),
  );
}

describe('the arrears state agrees with the ledger', () => {
  it('after 2,500 random accruals, payments, adjustments and reversals (seed 20261130)', async () => {
    const rng = createRng(20261130);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.next() * items.length)] as T;
    const accrued = new Set<string>();
    let refused = 0;
    for (let op = 0; op < 2500; op += 1) {
      const accountId = pick(accounts);
      const month = pick(MONTHS);
      const at = new Date(
        monthStartDate(month).getTime() + Math.floor(rng.next() * 60) * 86_400_000,
      );
      const roll = rng.next();
      try {
        if (roll < 0.3) {
          // Accruals, sometimes several accounts in one statement (as a period close does).
          const rows = (rng.next() < 0.3 ? accounts : [accountId])
            .map((id) => ({ id, service: pick(services) }))
            .filter((row) => !accrued.has(`${row.id}:${month}:${row.service}`));
          for (const row of rows) accrued.add(`${row.id}:${month}:${row.service}`);
          if (rows.length > 0) {
            await prisma.ledgerEntry.createMany({
              data: rows.map((row) => ({
                accountId: row.id,
                kind: 'ACCRUAL' as const,
                amountKopecks: 10_000 + Math.floor(rng.next() * 20_000),
                periodMonth: monthStartDate(month),
                serviceId: row.service,
                tariffId,
                areaCentiSqm: 5000,
                effectiveAt: monthStartDate(month),
              })),
            });
          }
        } else if (roll < 0.55) {
          await pay(accountId, 1_000 + Math.floor(rng.next() * 40_000), at);
        } else if (roll < 0.8) {
          const withMonth = rng.next() < 0.6;
          const amount = (rng.next() < 0.5 ? -1 : 1) * (100 + Math.floor(rng.next() * 15_000));
          await prisma.$transaction((tx) =>
            postAdjustment(tx, {
              accountId,
              amountKopecks: amount,
              memo: 'random',
              periodMonth: withMonth ? month : null,
              rules: DEFAULT_RULES,
              now: at,
            }),
          );
        } else {
          const entries = await prisma.ledgerEntry.findMany({
            where: { accountId, kind: { not: 'REVERSAL' } },
            select: { id: true, amountKopecks: true },
          });
          if (entries.length > 0) {
            const entry = pick(entries);
            const part = 1 + Math.floor(rng.next() * Math.abs(entry.amountKopecks));
            await prisma.$transaction((tx) =>
              postReversal(tx, {
                accountId,
                reversesEntryId: entry.id,
                amountKopecks: part,
                rules: DEFAULT_RULES,
                now: at,
              }),
            );
          }
        }
      } catch {
        refused += 1; // a month credit beyond its bill, a reversal beyond its entry: refused, nothing written
      }
      if (op % 500 === 499) await expectNoMismatch();
      if (op % 250 === 249) await expectSqlAgreesWithTypeScript();
    }
    await expectNoMismatch();
    expect(refused).toBeLessThan(1000);
    expect(await prisma.accountMonthDebit.count()).toBeGreaterThan(0);
    // The ledger view (debits as before a far-future entry id) equals the kept state.
    for (const accountId of accounts) {
      const kept = await readMonthlyDebits(prisma, { accountId });
      const ledger = await readMonthlyDebits(prisma, { accountId, beforeEntryId: 9_000_000_000n });
      const byMonth = (rows: { month: string; amount: number }[]) =>
        Object.fromEntries(rows.filter((r) => r.amount !== 0).map((r) => [r.month, r.amount]));
      expect(byMonth(kept)).toEqual(byMonth(ledger));
    }
  }, 300_000);

  it('under concurrent writes to one account', async () => {
    const accountId = accounts[0] as number;
    const at = new Date('2026-06-15T10:00:00Z');
    await Promise.all([
      ...Array.from({ length: 12 }, () => pay(accountId, 500, at)),
      ...Array.from({ length: 8 }, (_, i) =>
        prisma.$transaction((tx) =>
          postAdjustment(tx, {
            accountId,
            amountKopecks: 700 + i,
            memo: 'parallel',
            rules: DEFAULT_RULES,
            now: at,
          }),
        ),
      ),
    ]);
    await expectNoMismatch();
  }, 120_000);
});
