/**
 * ledger_entry's references to account, billing_period, service_component and tariff are
 * checked once per INSERT statement by triggers (migration `ledger_set_based_references`), not
 * by declared foreign keys. This proves they keep a foreign key's guarantees on a real server:
 * an unknown reference is refused with SQLSTATE 23503 and the constraint's name, the whole
 * statement is refused (one bad line among valid ones writes nothing: no line, no balance, no
 * month debit), a referenced row cannot be deleted or re-keyed, an unreferenced one can, and a
 * delete racing an uncommitted insert waits for it and is then refused.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../../../scripts/db/schema-engine';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../../test/database';
import { monthStartDate } from '../../dates';
import { createPrismaClient, type PrismaClient } from '../../server/db';

let database: TestDatabase;
let prisma: PrismaClient;
let client: pg.Client;
const ids = { account: 0, spare: 0, service: 0, tariff: 0, categoryId: 0 };
const MONTH = '2026-03-01';
const FEBRUARY = '2026-02-01';

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 4);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const district = await prisma.district.create({ data: { name: 'Тестовий' } });
  const category = await prisma.tariffCategory.create({
    data: { code: 'T', nameUk: 'т', nameRu: 'т', nameEn: 't', hasLift: false },
  });
  ids.categoryId = category.id;
  const service = await prisma.serviceComponent.create({
    data: { code: 'A', nameUk: 'А', nameRu: 'А', nameEn: 'A', sortOrder: 1 },
  });
  ids.service = service.id;
  const tariff = await prisma.tariff.create({
    data: {
      categoryId: category.id,
      serviceId: service.id,
      rateKopecksPerSqm: 300,
      effectiveFrom: monthStartDate('2026-01'),
    },
  });
  ids.tariff = tariff.id;
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: 'вул. Тестова',
      houseNumber: '1',
      floors: 5,
    },
  });
  for (const [key, number] of [
    ['account', '9100000001'],
    ['spare', '9100000002'],
  ] as const) {
    const account = await prisma.account.create({
      data: {
        number,
        buildingId: building.id,
        apartment: number.slice(-1),
        holderName: 'Тест',
        areaCentiSqm: 5000,
        openedOn: monthStartDate('2026-01'),
        billAccessCodeHash: `h${number}`,
      },
    });
    ids[key] = account.id;
  }
  for (const month of ['2026-02', '2026-03']) {
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

/** One INSERT statement of accrual lines: [account, period month, service, tariff, amount]. */
function insertAccruals(
  db: pg.Client,
  lines: [number, string | null, number | null, number | null, number][],
) {
  const values = lines
    .map(
      (_, i) =>
        `($${i * 5 + 1}::int, 'ACCRUAL', $${i * 5 + 5}::int, $${i * 5 + 2}::date, $${i * 5 + 3}::int, $${i * 5 + 4}::int, 5000, now())`,
    )
    .join(', ');
  return db.query(
    `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, service_id, tariff_id, area_centi_sqm, effective_at)
     VALUES ${values}`,
    lines.flat(),
  );
}

async function snapshot() {
  const { rows } = await client.query<{ lines: number; balances: string; debits: string }>(
    `SELECT (SELECT count(*)::int FROM ledger_entry) AS lines,
            (SELECT coalesce(sum(balance_kopecks), 0)::text FROM account) AS balances,
            (SELECT coalesce(sum(debit_kopecks), 0)::text FROM account_month_debit) AS debits`,
  );
  return rows[0];
}

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e as { code?: string; constraint?: string },
  );
  expect(error, 'the statement should have been refused').not.toBeNull();
  return { code: error?.code, constraint: error?.constraint };
}

describe('inserting ledger lines', () => {
  it('accepts lines whose references exist, and keeps balance and month debits', async () => {
    const before = await snapshot();
    await insertAccruals(client, [[ids.account, MONTH, ids.service, ids.tariff, 15_000]]);
    const after = await snapshot();
    expect(after?.lines).toBe((before?.lines ?? 0) + 1);
    expect(BigInt(after?.balances ?? 0) - BigInt(before?.balances ?? 0)).toBe(15_000n);
    expect(BigInt(after?.debits ?? 0) - BigInt(before?.debits ?? 0)).toBe(15_000n);
  });

  it.each([
    ['an unknown account', 'ledger_entry_account_id_fkey', [987_654, MONTH, 1, 1]],
    ['an unknown billing period', 'ledger_entry_period_month_fkey', [0, '2031-01-01', 1, 1]],
    ['an unknown service', 'ledger_entry_service_id_fkey', [0, MONTH, 987_654, 1]],
    ['an unknown tariff', 'ledger_entry_tariff_id_fkey', [0, MONTH, 1, 987_654]],
  ] as const)(
    'refuses a statement with one line naming %s, writing nothing (23503, %s)',
    async (_, constraint, [account, month, service, tariff]) => {
      const before = await snapshot();
      // One bad line after a valid one: the whole statement goes.
      const result = await refusal(
        insertAccruals(client, [
          [ids.spare, FEBRUARY, ids.service, ids.tariff, 1_000],
          [
            account || ids.spare,
            month,
            service === 1 ? ids.service : service,
            tariff === 1 ? ids.tariff : tariff,
            2_000,
          ],
        ]),
      );
      expect(result).toEqual({ code: '23503', constraint });
      expect(await snapshot()).toEqual(before);
    },
  );

  it('a line with no period, service or tariff (a payment) needs only its account', async () => {
    await client.query(
      `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, memo, effective_at) VALUES ($1, 'ADJUSTMENT', -100, 'test', now())`,
      [ids.account],
    );
    const result = await refusal(
      client.query(
        `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, memo, effective_at) VALUES (987654, 'ADJUSTMENT', -100, 'test', now())`,
      ),
    );
    expect(result).toEqual({ code: '23503', constraint: 'ledger_entry_account_id_fkey' });
  });
});

describe('deleting or re-keying what the ledger refers to', () => {
  it.each([
    [
      'the account',
      'ledger_entry_account_id_fkey',
      (): string => `DELETE FROM account WHERE id = ${ids.account}`,
    ],
    [
      'the account id',
      'ledger_entry_account_id_fkey',
      (): string => `UPDATE account SET id = 99999 WHERE id = ${ids.account}`,
    ],
    [
      'the billing period',
      'ledger_entry_period_month_fkey',
      (): string => `DELETE FROM billing_period WHERE month = '${MONTH}'`,
    ],
    [
      'the service',
      'ledger_entry_service_id_fkey',
      (): string => `DELETE FROM service_component WHERE id = ${ids.service}`,
    ],
    [
      'the tariff',
      'ledger_entry_tariff_id_fkey',
      (): string => `DELETE FROM tariff WHERE id = ${ids.tariff}`,
    ],
  ] as const)(
    'refuses to remove %s while lines refer to it (23503, %s)',
    async (_, constraint, sql) => {
      const result = await refusal(client.query(sql()));
      expect(result).toEqual({ code: '23503', constraint });
    },
  );

  it('allows it once nothing refers to it (an unused tariff, an account with no lines)', async () => {
    const unused = await prisma.tariff.create({
      data: {
        categoryId: ids.categoryId,
        serviceId: ids.service,
        rateKopecksPerSqm: 400,
        effectiveFrom: monthStartDate('2027-01'),
      },
    });
    await expect(prisma.tariff.delete({ where: { id: unused.id } })).resolves.toBeTruthy();
    const idle = await prisma.account.findFirstOrThrow({ where: { number: '9100000002' } });
    expect(idle.balanceKopecks).toBe(0);
    // Other rows (a call-list entry, a phone) are not the ledger's business; this one has none.
    await expect(prisma.account.delete({ where: { id: idle.id } })).resolves.toBeTruthy();
  });

  it('a delete racing an uncommitted insert waits for it, then is refused', async () => {
    const fresh = await prisma.tariff.create({
      data: {
        categoryId: ids.categoryId,
        serviceId: ids.service,
        rateKopecksPerSqm: 500,
        effectiveFrom: monthStartDate('2026-02'),
      },
    });
    const inserter = new pg.Client({ connectionString: database.url });
    const deleter = new pg.Client({ connectionString: database.url });
    await inserter.connect();
    await deleter.connect();
    try {
      await inserter.query('BEGIN');
      // An adjustment naming the new tariff (nothing else uses it yet).
      await inserter.query(
        `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, service_id, tariff_id, memo, effective_at)
         VALUES ($1, 'ADJUSTMENT', 100, $2::date, $3, $4, 'test', now())`,
        [ids.account, MONTH, ids.service, fresh.id],
      );
      let settled = false;
      // Its outcome is captured at once: the refusal may arrive in the same tick as the commit.
      const deletion = deleter.query('DELETE FROM tariff WHERE id = $1', [fresh.id]).then(
        () => {
          settled = true;
          return null;
        },
        (error: unknown) => {
          settled = true;
          return error as { code?: string; constraint?: string };
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled, 'the delete must wait for the inserting transaction').toBe(false);
      await inserter.query('COMMIT');
      const error = await deletion;
      expect(error, 'the delete should have been refused').not.toBeNull();
      expect({ code: error?.code, constraint: error?.constraint }).toEqual({
        code: '23503',
        constraint: 'ledger_entry_tariff_id_fkey',
      });
    } finally {
      await inserter.end();
      await deleter.end();
    }
  });
});
