/**
 * The collections dashboard's refresh runs on the real queue (issue 10, part 5): a running
 * worker takes a `dashboard-refresh` job and writes today's and yesterday's rows, today's
 * debtors by the call-list rule (LIVE). A database of its own: the figures count every account.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@/lib/server/db';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { kyivDay } from '../../lib/dates';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../test/database';
import { createAccountWithDebt } from '../../test/factories';
import { applyMigrations } from '../db/schema-engine';
import type { Worker } from './start-worker';
import { startTestWorker } from './test-worker';

let database: TestDatabase;
let prisma: PrismaClient;
let worker: Worker;

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 2);
  // Billed (and due) in 2020: six months overdue for years, so a debtor and a long one.
  await createAccountWithDebt(prisma, {
    months: ['2020-01', '2020-02', '2020-03', '2020-04', '2020-05', '2020-06'],
    monthlyKopecks: 10_000,
  });
  worker = await startTestWorker(database.url);
});

afterAll(async () => {
  await worker?.stop();
  await prisma?.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

describe('the dashboard refresh job', () => {
  it('writes today’s figures from the live rule and yesterday’s flows', async () => {
    await prisma.$transaction((tx) => enqueueInTransaction(tx, JOBS.dashboardRefresh, {}));
    const today = kyivDay(new Date());
    type Row = {
      day: string;
      debtors: number | null;
      debtors_long: number | null;
      source: string | null;
    };
    let rows: Row[] = [];
    for (let i = 0; i < 120 && rows.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rows = await prisma.$queryRawUnsafe<Row[]>(
        `SELECT day::text, debtors, debtors_long, debtors_source AS source
           FROM collections_day ORDER BY day`,
      );
    }
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual({ day: today, debtors: 1, debtors_long: 1, source: 'LIVE' });
    // Yesterday had no row: its flows are counted, its debtors are left to the nightly recompute.
    expect(rows[0]).toMatchObject({ debtors: null, source: null });
  });
});
