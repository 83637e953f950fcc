/**
 * Tariffs and the console's period close (issue 10) on a real PostgreSQL server, in a database
 * of their own (closed periods are global): the preview against hand-computed figures, the
 * schedule/replace/withdraw cycle, the closed-period refusal in the domain and in the database,
 * and a close asked for from the console with its per-service report.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { applyMigrations } from '../../../scripts/db/schema-engine';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../../test/database';
import { createStaffUser } from '../../../test/staff-factories';
import { monthStartDate } from '../../dates';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { isAppError } from '../app-error';
import { closeBillingPeriod } from '../billing/close-billing-period';
import { getPeriodsView, requestPeriodClose } from '../billing/period-close-console';
import type { StaffActor } from '../staff/staff-actor';
import { previewTariff } from './preview-tariff';
import { getTariffHistory, scheduleTariff, withdrawTariff } from './tariff-schedule';

let database: TestDatabase;
let prisma: PrismaClient;
let admin: StaffActor;
let support: StaffActor;
const ids = { category: 0, cleaning: 0, lift: 0 };
const NOV_15 = new Date('2026-11-15T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 4);
  admin = await createStaffUser(prisma, 'ADMIN');
  support = await createStaffUser(prisma, 'SUPPORT');
  const district = await prisma.district.create({ data: { name: 'Київський' } });
  const category = await prisma.tariffCategory.create({
    data: { code: 'LIFT', nameUk: 'з ліфтом', nameRu: 'с лифтом', nameEn: 'lift', hasLift: true },
  });
  const cleaning = await prisma.serviceComponent.create({
    data: {
      code: 'CLEAN',
      nameUk: 'Прибирання',
      nameRu: 'Уборка',
      nameEn: 'Cleaning',
      sortOrder: 1,
    },
  });
  const lift = await prisma.serviceComponent.create({
    data: { code: 'LIFT', nameUk: 'Ліфт', nameRu: 'Лифт', nameEn: 'Lift', sortOrder: 2 },
  });
  Object.assign(ids, { category: category.id, cleaning: cleaning.id, lift: lift.id });
  await prisma.tariff.createMany({
    data: [
      {
        categoryId: category.id,
        serviceId: cleaning.id,
        rateKopecksPerSqm: 150,
        effectiveFrom: monthStartDate('2026-01'),
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
      street: 'вул. Тестова',
      houseNumber: '1',
      floors: 9,
    },
  });
  const account = (number: string, areaCentiSqm: number, extra: Record<string, unknown> = {}) =>
    prisma.account.create({
      data: {
        number,
        buildingId: building.id,
        apartment: number.slice(-3),
        holderName: 'Тест',
        areaCentiSqm,
        openedOn: monthStartDate('2020-01'),
        billAccessCodeHash: 'x',
        ...extra,
      },
    });
  await account('2000000015', 4_537); // 45.37 m²
  await account('2000000023', 6_000); // 60.00 m²
  await account('2000000031', 3_001); // 30.01 m²
  await account('2000000049', 5_000, { status: 'CLOSED', closedOn: monthStartDate('2025-12') });
  await account('2000000056', 5_000, { openedOn: monthStartDate('2027-01') });
  // September is closed (its rates are history); October is the next to close.
  await prisma.billingPeriod.create({
    data: {
      month: monthStartDate('2026-09'),
      status: 'CLOSED',
      closedAt: new Date('2026-10-01T00:00:00Z'),
    },
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) {
      const details = error.details as Record<string, unknown> | undefined;
      return `${error.code}:${String(details?.problem ?? details?.reason ?? details?.expected ?? '')}`;
    }
    return (error as Error).message;
  }
  return 'no refusal';
}

describe('tariffs', () => {
  it('lists the history with what is frozen and the first month a rate may start', async () => {
    const history = await getTariffHistory(prisma, admin, { now: NOV_15 });
    expect(history.frozenThrough).toBe('2026-09');
    // October has ended but is not closed: a rate may not reach back into it.
    expect(history.firstSchedulable).toBe('2026-11');
    expect(history.tariffs.map((t) => [t.rateKopecksPerSqm, t.effectiveFrom, t.frozen])).toEqual([
      [150, '2026-01', true],
      [200, '2026-01', true],
    ]);
    expect(await refusal(getTariffHistory(prisma, support))).toBe('FORBIDDEN:');
  });

  it('previews a rate against hand-computed figures (line by line, half-up)', async () => {
    const preview = await previewTariff(
      prisma,
      admin,
      {
        categoryId: ids.category,
        serviceId: ids.cleaning,
        rateKopecksPerSqm: 300,
        month: '2026-12',
      },
      { now: NOV_15 },
    );
    // Active accounts opened by the end of December: 45.37, 60.00 and 30.01 m² (the closed one
    // and the one opened in 2027 are out). At 1.50: 68.06 (68.055 up) + 90.00 + 45.02 (45.015
    // up) = 203.08. At 3.00: 136.11 + 180.00 + 90.03 = 406.14. Median area 45.37 m².
    expect(preview).toEqual({
      beforeKopecksPerSqm: 150,
      afterKopecksPerSqm: 300,
      typicalAreaCentiSqm: 4_537,
      typicalBeforeKopecks: 6_806,
      typicalAfterKopecks: 13_611,
      accounts: 3,
      totalBeforeKopecks: 20_308n,
      totalAfterKopecks: 40_614n,
    });
  });

  it('refuses to preview a rate for a month it could not start in', async () => {
    const input = { categoryId: ids.category, serviceId: ids.cleaning, rateKopecksPerSqm: 300 };
    expect(
      await refusal(previewTariff(prisma, admin, { ...input, month: '2026-10' }, { now: NOV_15 })),
    ).toBe('INVALID_INPUT:CLOSED');
  });

  it('schedules, replaces and withdraws a rate, audited; refuses closed or past months', async () => {
    const input = {
      categoryId: ids.category,
      serviceId: ids.cleaning,
      month: '2026-12',
      now: NOV_15,
    };
    const first = await scheduleTariff(prisma, admin, { ...input, rateKopecksPerSqm: 300 });
    expect(first.replacedRateKopecksPerSqm).toBeNull();
    const again = await scheduleTariff(prisma, admin, { ...input, rateKopecksPerSqm: 320 });
    expect(again).toEqual({ tariffId: first.tariffId, replacedRateKopecksPerSqm: 300 });
    expect(
      (await prisma.tariff.findUniqueOrThrow({ where: { id: first.tariffId } })).rateKopecksPerSqm,
    ).toBe(320);
    await withdrawTariff(prisma, admin, { tariffId: first.tariffId });
    expect(await prisma.tariff.findUnique({ where: { id: first.tariffId } })).toBeNull();
    const audit = await prisma.auditLog.findMany({
      where: { staffUserId: admin.staffUserId, action: { startsWith: 'tariff.' } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'tariff.schedule',
      'tariff.reschedule',
      'tariff.withdraw',
    ]);

    for (const month of ['2026-09', '2026-10', '2025-01']) {
      expect(
        await refusal(scheduleTariff(prisma, admin, { ...input, month, rateKopecksPerSqm: 1 })),
      ).toBe('INVALID_INPUT:CLOSED');
    }
    expect(
      await refusal(scheduleTariff(prisma, admin, { ...input, rateKopecksPerSqm: 100_001 })),
    ).toBe('INVALID_INPUT:TOO_HIGH');
    expect(
      await refusal(
        scheduleTariff(prisma, admin, { ...input, month: '2026-13', rateKopecksPerSqm: 1 }),
      ),
    ).toBe('INVALID_INPUT:UNKNOWN');
    expect(
      await refusal(scheduleTariff(prisma, support, { ...input, rateKopecksPerSqm: 300 })),
    ).toBe('FORBIDDEN:');
    const frozen = await prisma.tariff.findFirstOrThrow({ where: { serviceId: ids.cleaning } });
    expect(await refusal(withdrawTariff(prisma, admin, { tariffId: frozen.id }))).toBe(
      'CONFLICT:TARIFF_FROZEN',
    );
    expect(await prisma.tariff.count()).toBe(2);
  });

  it('the database itself refuses to touch a rate a closed period used', async () => {
    const frozen = await prisma.tariff.findFirstOrThrow({ where: { serviceId: ids.cleaning } });
    for (const sql of [
      `UPDATE tariff SET rate_kopecks_per_sqm = 1 WHERE id = ${frozen.id}`,
      `DELETE FROM tariff WHERE id = ${frozen.id}`,
    ]) {
      await expect(prisma.$executeRawUnsafe(sql)).rejects.toThrow(
        /closed billing period|periods up to/,
      );
    }
    expect(
      (await prisma.tariff.findUniqueOrThrow({ where: { id: frozen.id } })).rateKopecksPerSqm,
    ).toBe(150);
  });
});

describe('closing a period from the console', () => {
  it('queues the close once, runs it, and reports per service and for the call list', async () => {
    const jobs: unknown[] = [];
    const enqueue = async (_tx: unknown, job: unknown) => {
      jobs.push(job);
    };
    expect(
      await refusal(requestPeriodClose(prisma, admin, { month: '2026-11', now: NOV_15, enqueue })),
    ).toBe('PERIOD_NOT_ENDED:');
    expect(
      await refusal(
        requestPeriodClose(prisma, admin, {
          month: '2026-11',
          now: new Date('2026-12-05T10:00:00Z'),
          enqueue,
        }),
      ),
    ).toBe('PERIOD_OUT_OF_ORDER:2026-10');
    expect(
      await refusal(
        requestPeriodClose(prisma, support, { month: '2026-10', now: NOV_15, enqueue }),
      ),
    ).toBe('FORBIDDEN:');
    expect(jobs).toEqual([]);

    await requestPeriodClose(prisma, admin, { month: '2026-10', now: NOV_15, enqueue });
    expect(jobs).toEqual([{ month: '2026-10', staffUserId: admin.staffUserId }]);
    expect(
      await refusal(requestPeriodClose(prisma, admin, { month: '2026-10', now: NOV_15, enqueue })),
    ).toBe('CONFLICT:CLOSE_RUNNING');
    // Queued again on purpose (a worker died): allowed, and the close continues where it stopped.
    await requestPeriodClose(prisma, admin, {
      month: '2026-10',
      now: NOV_15,
      enqueue,
      resume: true,
    });
    expect(jobs).toHaveLength(2);
    const queued = await getPeriodsView(prisma, admin, { now: NOV_15 });
    expect(queued.periods[0]).toMatchObject({
      month: '2026-10',
      status: 'OPEN',
      requestedBy: 'Test ADMIN',
    });

    const result = await closeBillingPeriod(prisma, {
      month: '2026-10',
      now: NOV_15,
      staffUserId: admin.staffUserId,
      rules: DEFAULT_RULES,
      batchSize: 2,
    });
    expect(result.status).toBe('CLOSED');
    const view = await getPeriodsView(prisma, admin, { now: NOV_15 });
    const october = view.periods.find((p) => p.month === '2026-10');
    // Cleaning at 1.50: 68.06 + 90.00 + 45.02 = 203.08. Lift at 2.00: 45.37 m² → 90.74 (90.74
    // exactly), 60.00 → 120.00, 30.01 → 60.02: 270.76. Together 473.84, six lines.
    expect(october?.services).toEqual([
      { code: 'CLEAN', nameUk: 'Прибирання', lines: 3, totalKopecks: 20_308n },
      { code: 'LIFT', nameUk: 'Ліфт', lines: 3, totalKopecks: 27_076n },
    ]);
    expect(october).toMatchObject({
      status: 'CLOSED',
      closedBy: 'Test ADMIN',
      linesAccrued: 6,
      totalAccruedKopecks: 47_384n,
      callList: { before: 0, added: 0, removed: 0, onList: 0 },
      progress: { accountsDone: 3, accountsTotal: 3, fraction: 1 },
    });
    expect(view.next).toEqual({ month: '2026-11', ended: false });
    expect(
      await refusal(requestPeriodClose(prisma, admin, { month: '2026-10', now: NOV_15, enqueue })),
    ).toBe('CONFLICT:PERIOD_CLOSED');
    // October is history now, in the database too: a rate cannot be moved into it.
    const later = await prisma.tariff.create({
      data: {
        categoryId: ids.category,
        serviceId: ids.lift,
        rateKopecksPerSqm: 210,
        effectiveFrom: monthStartDate('2026-12'),
      },
    });
    await expect(
      prisma.$executeRawUnsafe(
        `UPDATE tariff SET effective_from = '2026-10-01' WHERE id = ${later.id}`,
      ),
    ).rejects.toThrow(/periods up to 2026-10/);
    await prisma.tariff.delete({ where: { id: later.id } });
  });

  it('a month being closed freezes its rates before its batches run', async () => {
    const november = await prisma.tariff.create({
      data: {
        categoryId: ids.category,
        serviceId: ids.lift,
        rateKopecksPerSqm: 220,
        effectiveFrom: monthStartDate('2026-11'),
      },
    });
    await prisma.billingPeriod.upsert({
      where: { month: monthStartDate('2026-11') },
      create: { month: monthStartDate('2026-11'), status: 'CLOSING' },
      update: { status: 'CLOSING' },
    });
    for (const sql of [
      `UPDATE tariff SET rate_kopecks_per_sqm = 1 WHERE id = ${november.id}`,
      `DELETE FROM tariff WHERE id = ${november.id}`,
    ]) {
      await expect(prisma.$executeRawUnsafe(sql)).rejects.toThrow(/closed billing period/);
    }
    await prisma.billingPeriod.update({
      where: { month: monthStartDate('2026-11') },
      data: { status: 'OPEN' },
    });
    await prisma.tariff.delete({ where: { id: november.id } });
  });
});
