/**
 * A period close asked for in the console runs on the real queue (issue 10): the request
 * enqueues the job in its own transaction, a running worker closes the month, and the period
 * row carries the progress and the report the console shows. A database of its own: a close
 * accrues every account in it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { requestPeriodClose } from '@/lib/domain/billing/period-close-console';
import { createPrismaClient, type PrismaClient } from '@/lib/server/db';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { addMonths, kyivMonthOf, monthStartDate } from '../../lib/dates';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../test/database';
import { createStaffUser } from '../../test/staff-factories';
import { applyMigrations } from '../db/schema-engine';
import type { Worker } from './start-worker';
import { startTestWorker } from './test-worker';

let database: TestDatabase;
let prisma: PrismaClient;
let worker: Worker;
const lastMonth = addMonths(kyivMonthOf(new Date()), -1);

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 2);
  const district = await prisma.district.create({ data: { name: 'Тестовий' } });
  const category = await prisma.tariffCategory.create({
    data: { code: 'C', nameUk: 'к', nameRu: 'к', nameEn: 'c', hasLift: false },
  });
  const service = await prisma.serviceComponent.create({
    data: { code: 'S', nameUk: 'Прибирання', nameRu: 'у', nameEn: 's', sortOrder: 1 },
  });
  await prisma.tariff.create({
    data: {
      categoryId: category.id,
      serviceId: service.id,
      rateKopecksPerSqm: 250,
      effectiveFrom: monthStartDate('2020-01'),
    },
  });
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: 'вул. Т',
      houseNumber: '2',
      floors: 5,
    },
  });
  for (const [number, area] of [
    ['3000000014', 5_000],
    ['3000000022', 4_210],
  ] as const) {
    await prisma.account.create({
      data: {
        number,
        buildingId: building.id,
        apartment: number.slice(-2),
        holderName: 'Т',
        areaCentiSqm: area,
        openedOn: monthStartDate('2020-01'),
        billAccessCodeHash: 'x',
      },
    });
  }
  await prisma.billingPeriod.create({
    data: {
      month: monthStartDate(addMonths(lastMonth, -1)),
      status: 'CLOSED',
      closedAt: new Date(),
    },
  });
  worker = await startTestWorker(database.url);
});

afterAll(async () => {
  await worker?.stop();
  await prisma?.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

describe('closing a period through the job queue', () => {
  it('the request queues a job; the worker closes the month and records the report', async () => {
    const admin = await createStaffUser(prisma, 'ADMIN');
    await requestPeriodClose(prisma, admin, {
      month: lastMonth,
      enqueue: (tx, job) => enqueueInTransaction(tx, JOBS.closePeriod, job),
    });
    let period = await prisma.billingPeriod.findUniqueOrThrow({
      where: { month: monthStartDate(lastMonth) },
    });
    for (let i = 0; i < 120 && period.status !== 'CLOSED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      period = await prisma.billingPeriod.findUniqueOrThrow({
        where: { month: monthStartDate(lastMonth) },
      });
    }
    // 50.00 m² × 2.50 = 125.00; 42.10 m² × 2.50 = 105.25.
    expect(period).toMatchObject({
      status: 'CLOSED',
      closedById: admin.staffUserId,
      closeRequestedById: admin.staffUserId,
      closeError: null,
      accountsTotal: 2,
      accountsAccrued: 2,
      linesAccrued: 2,
      totalAccruedKopecks: 23_025n,
      callListOnList: 0,
    });
    expect(period.accruedThroughAccountId).toBe(period.lastAccountId);
    // The job completes after the close commits (the worker then refreshes the dashboard's
    // today, docs/administration.md): wait for it rather than read it at the commit.
    const jobState = async () =>
      (
        await prisma.$queryRawUnsafe<{ state: string }[]>(
          `SELECT state::text FROM pgboss.job WHERE name = $1`,
          JOBS.closePeriod,
        )
      )[0]?.state;
    let state = await jobState();
    for (let i = 0; i < 120 && state !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await jobState();
    }
    expect(state).toBe('completed');
    // The dashboard's today was written after the close (its debtors by the call-list rule).
    expect(await prisma.collectionsDay.count({ where: { debtorsSource: 'LIVE' } })).toBe(1);
    expect(
      await prisma.billingPeriodServiceTotal.findMany({
        select: { lines: true, totalKopecks: true },
      }),
    ).toEqual([{ lines: 2, totalKopecks: 23_025n }]);
  });
});
