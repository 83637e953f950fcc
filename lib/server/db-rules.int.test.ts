/**
 * The database itself enforces the model's rules (prisma/migrations/*_init/migration.sql):
 * append-only history, the ledger-derived balance, reversal rules, checks and partial uniques.
 * Runs against the integration run's fresh database (test/integration/global-setup.ts), which
 * other files share: every key this file creates carries its own random tag.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from './db';

const databaseUrl = inject('databaseUrl');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
let prisma: PrismaClient;

const PERIOD = '2026-01-01';
const TAG = randomBytes(4).toString('hex');
/** 12-digit account numbers (the app issues 10), unique to this file's run. */
const NUMBER_PREFIX = String(parseInt(TAG, 16) % 100_000_000).padStart(8, '1');
let buildingId = 0;
let serviceId = 0;
let tariffId = 0;
let sequence = 0;

async function sql<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const result = await pool.query<Row>(text, values);
  return result.rows;
}

type Refusal = { code: string | undefined; constraint: string | undefined; message: string };

/** Awaits a statement the database must refuse and returns how it refused it. */
async function refused(statement: Promise<unknown>): Promise<Refusal> {
  try {
    await statement;
  } catch (error) {
    if (error instanceof pg.DatabaseError) {
      return { code: error.code, constraint: error.constraint, message: error.message };
    }
    throw error;
  }
  throw new Error('expected the database to refuse the statement, but it succeeded');
}

const CHECK_VIOLATION = '23514';
const UNIQUE_VIOLATION = '23505';
const RESTRICT_VIOLATION = '23001';

async function createAccount(): Promise<number> {
  sequence += 1;
  const account = await prisma.account.create({
    data: {
      number: `${NUMBER_PREFIX}${String(sequence).padStart(4, '0')}`,
      buildingId,
      apartment: String(sequence),
      holderName: `Тестовий мешканець ${sequence}`,
      areaCentiSqm: 5230,
      openedOn: new Date('2020-01-01'),
      billAccessCodeHash: 'test-hash',
    },
  });
  return account.id;
}

async function balanceOf(accountId: number): Promise<number> {
  const rows = await sql<{ balance_kopecks: number }>(
    'SELECT balance_kopecks FROM account WHERE id = $1',
    [accountId],
  );
  return rows[0]?.balance_kopecks ?? Number.NaN;
}

async function ledgerSum(accountId: number): Promise<number> {
  const rows = await sql<{ total: number }>(
    'SELECT coalesce(sum(amount_kopecks), 0)::integer AS total FROM ledger_entry WHERE account_id = $1',
    [accountId],
  );
  return rows[0]?.total ?? Number.NaN;
}

/** Inserts an ADJUSTMENT (the kind with the fewest required columns); returns its id. */
async function adjust(accountId: number, amountKopecks: number): Promise<string> {
  const rows = await sql<{ id: string }>(
    `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, memo, effective_at)
     VALUES ($1, 'ADJUSTMENT', $2, 'test', now()) RETURNING id`,
    [accountId, amountKopecks],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('INSERT returned no row');
  return id;
}

function reverse(accountId: number, entryId: string, amountKopecks: number): Promise<unknown> {
  return sql(
    `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, reverses_entry_id, effective_at)
     VALUES ($1, 'REVERSAL', $2, $3, now())`,
    [accountId, amountKopecks, entryId],
  );
}

function accrue(accountId: number, amountKopecks: number, tariff: number | null = tariffId) {
  return sql(
    `INSERT INTO ledger_entry
       (account_id, kind, amount_kopecks, period_month, service_id, tariff_id, area_centi_sqm, effective_at)
     VALUES ($1, 'ACCRUAL', $2, $3, $4, $5, 5230, now())`,
    [accountId, amountKopecks, PERIOD, serviceId, tariff],
  );
}

async function createPayment(accountId: number, providerPaymentId: string): Promise<number> {
  const payment = await prisma.payment.create({
    data: {
      provider: 'DEMO',
      providerPaymentId: `${TAG}-${providerPaymentId}`,
      receiptNumber: `R-${TAG}-${providerPaymentId}`,
      accountId,
      amountKopecks: 10_000,
      status: 'SUCCEEDED',
    },
  });
  return payment.id;
}

beforeAll(async () => {
  prisma = createPrismaClient(databaseUrl, 2);
  const district = await prisma.district.create({ data: { name: `Тестовий район ${TAG}` } });
  const category = await prisma.tariffCategory.create({
    data: { code: `TEST_${TAG}`, nameUk: 'Тест', nameRu: 'Тест', nameEn: 'Test', hasLift: false },
  });
  const service = await prisma.serviceComponent.create({
    data: { code: `TEST_${TAG}`, nameUk: 'Т', nameRu: 'Т', nameEn: 'T', sortOrder: 1 },
  });
  const tariff = await prisma.tariff.create({
    data: {
      categoryId: category.id,
      serviceId: service.id,
      rateKopecksPerSqm: 450,
      effectiveFrom: new Date('2025-01-01'),
    },
  });
  // Other files may have opened this month already.
  await sql('INSERT INTO billing_period (month) VALUES ($1) ON CONFLICT DO NOTHING', [PERIOD]);
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: `вул. Тестова ${TAG}`,
      houseNumber: '1',
      floors: 9,
    },
  });
  buildingId = building.id;
  serviceId = service.id;
  tariffId = tariff.id;
});

afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
});

describe('ledger_entry is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE and changes nothing', async () => {
    const accountId = await createAccount();
    const entryId = await adjust(accountId, 1500);
    const entries = () => sql('SELECT * FROM ledger_entry WHERE account_id = $1', [accountId]);
    const before = await entries();

    const update = await refused(
      sql('UPDATE ledger_entry SET amount_kopecks = 1 WHERE id = $1', [entryId]),
    );
    expect(update.code).toBe(RESTRICT_VIOLATION);
    expect(update.message).toMatch(/append-only/);

    const remove = await refused(sql('DELETE FROM ledger_entry WHERE id = $1', [entryId]));
    expect(remove.message).toMatch(/append-only/);

    const truncate = await refused(sql('TRUNCATE ledger_entry'));
    expect(truncate.message).toMatch(/append-only/);

    expect(await entries()).toEqual(before);
    expect(await balanceOf(accountId)).toBe(1500);
  });
});

describe('account.balance_kopecks follows the ledger', () => {
  it('after single inserts, debits and credits', async () => {
    const accountId = await createAccount();
    expect(await balanceOf(accountId)).toBe(0);
    await adjust(accountId, 12_345);
    expect(await balanceOf(accountId)).toBe(12_345);
    await adjust(accountId, -2_345);
    expect(await balanceOf(accountId)).toBe(10_000);
    expect(await ledgerSum(accountId)).toBe(10_000);
  });

  it('after one multi-row INSERT touching several accounts', async () => {
    const [a, b, c] = [await createAccount(), await createAccount(), await createAccount()];
    await adjust(c, 700);
    await sql(
      `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, memo, effective_at)
       SELECT account_id, 'ADJUSTMENT', amount, 'bulk', now()
         FROM unnest($1::int[], $2::int[]) AS t(account_id, amount)`,
      [
        [a, a, b, a, c],
        [100, 250, -40, 1_000, -700],
      ],
    );
    for (const accountId of [a, b, c]) {
      expect(await balanceOf(accountId)).toBe(await ledgerSum(accountId));
    }
    expect([await balanceOf(a), await balanceOf(b), await balanceOf(c)]).toEqual([1_350, -40, 0]);
  });

  it('through the Prisma client as well', async () => {
    const accountId = await createAccount();
    await prisma.ledgerEntry.create({
      data: {
        accountId,
        kind: 'ADJUSTMENT',
        amountKopecks: 4_200,
        memo: 'opening balance',
        effectiveAt: new Date(),
      },
    });
    const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.balanceKopecks).toBe(4_200);
  });

  it('refuses a direct UPDATE of the balance', async () => {
    const accountId = await createAccount();
    await adjust(accountId, 900);
    const refusal = await refused(
      sql('UPDATE account SET balance_kopecks = 0 WHERE id = $1', [accountId]),
    );
    expect(refusal.code).toBe(RESTRICT_VIOLATION);
    expect(refusal.message).toMatch(/derived from the ledger/);
    expect(await balanceOf(accountId)).toBe(900);
    // Other columns of the account stay editable.
    await sql('UPDATE account SET holder_name = $2 WHERE id = $1', [accountId, 'Нове імʼя']);
    expect(await balanceOf(accountId)).toBe(900);
  });

  it('refuses a new account with a non-zero balance', async () => {
    const refusal = await refused(
      sql(
        `INSERT INTO account (number, building_id, apartment, holder_name, area_centi_sqm,
                              opened_on, bill_access_code_hash, balance_kopecks)
         VALUES ($2, $1, '1', 'X', 100, '2020-01-01', 'h', 500)`,
        [buildingId, `${NUMBER_PREFIX}9999`],
      ),
    );
    expect(refusal.code).toBe(CHECK_VIOLATION);
    expect(refusal.message).toMatch(/starts at balance 0/);
    expect(await sql('SELECT id FROM account WHERE number = $1', [`${NUMBER_PREFIX}9999`])).toEqual(
      [],
    );
  });
});

describe('reversals', () => {
  it('must stay on the account of the entry they reverse', async () => {
    const [owner, other] = [await createAccount(), await createAccount()];
    const entryId = await adjust(owner, 1_000);
    const refusal = await refused(reverse(other, entryId, -1_000));
    expect(refusal.code).toBe(CHECK_VIOLATION);
    expect(refusal.message).toMatch(/stay on the account/);
    expect(await balanceOf(other)).toBe(0);
  });

  it('must have the opposite sign', async () => {
    const accountId = await createAccount();
    const entryId = await adjust(accountId, 1_000);
    const refusal = await refused(reverse(accountId, entryId, 300));
    expect(refusal.code).toBe(CHECK_VIOLATION);
    expect(refusal.message).toMatch(/opposite sign/);
  });

  it('may be partial, but together never exceed the original', async () => {
    const accountId = await createAccount();
    const entryId = await adjust(accountId, 1_000);
    await reverse(accountId, entryId, -400);
    await reverse(accountId, entryId, -600);
    expect(await balanceOf(accountId)).toBe(0);
    const refusal = await refused(reverse(accountId, entryId, -1));
    expect(refusal.code).toBe(CHECK_VIOLATION);
    expect(refusal.message).toMatch(/exceed/);
    expect(await balanceOf(accountId)).toBe(0);
    expect(await ledgerSum(accountId)).toBe(0);
  });

  it('cannot reverse a reversal', async () => {
    const accountId = await createAccount();
    const entryId = await adjust(accountId, 1_000);
    await reverse(accountId, entryId, -500);
    const rows = await sql<{ id: string }>(
      `SELECT id FROM ledger_entry WHERE reverses_entry_id = $1`,
      [entryId],
    );
    const reversalId = rows[0]?.id ?? '0';
    const refusal = await refused(reverse(accountId, reversalId, 500));
    expect(refusal.message).toMatch(/cannot reverse another reversal/);
  });
});

describe('check constraints and partial unique keys', () => {
  it('refuse a zero ledger amount', async () => {
    const accountId = await createAccount();
    const refusal = await refused(adjust(accountId, 0));
    expect(refusal).toMatchObject({
      code: CHECK_VIOLATION,
      constraint: 'ledger_entry_amount_non_zero',
    });
  });

  it('refuse a PAYMENT entry with a positive amount', async () => {
    const accountId = await createAccount();
    const paymentId = await createPayment(accountId, 'pay-positive');
    const refusal = await refused(
      sql(
        `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, payment_id, effective_at)
         VALUES ($1, 'PAYMENT', 10000, $2, now())`,
        [accountId, paymentId],
      ),
    );
    expect(refusal).toMatchObject({
      code: CHECK_VIOLATION,
      constraint: 'ledger_entry_payment_shape',
    });
    // The same payment as a credit is fine.
    await sql(
      `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, payment_id, effective_at)
       VALUES ($1, 'PAYMENT', -10000, $2, now())`,
      [accountId, paymentId],
    );
    expect(await balanceOf(accountId)).toBe(-10_000);
  });

  it('refuse an ACCRUAL without its tariff', async () => {
    const accountId = await createAccount();
    const refusal = await refused(accrue(accountId, 2_353, null));
    expect(refusal).toMatchObject({
      code: CHECK_VIOLATION,
      constraint: 'ledger_entry_accrual_shape',
    });
  });

  it('refuse a payment in a currency other than UAH', async () => {
    const accountId = await createAccount();
    const refusal = await refused(
      sql(
        `INSERT INTO payment (provider, provider_payment_id, receipt_number, account_id,
                              amount_kopecks, currency, status)
         VALUES ('DEMO', $2, $2, $1, 1000, 'USD', 'SUCCEEDED')`,
        [accountId, `usd-${TAG}`],
      ),
    );
    expect(refusal).toMatchObject({ code: CHECK_VIOLATION, constraint: 'payment_currency_uah' });
  });

  it('refuse a billing period that is not the first of a month', async () => {
    const refusal = await refused(sql(`INSERT INTO billing_period (month) VALUES ('2026-02-15')`));
    expect(refusal).toMatchObject({
      code: CHECK_VIOLATION,
      constraint: 'billing_period_month_start',
    });
  });

  it('allow one open call-list entry per account', async () => {
    const accountId = await createAccount();
    const add = () =>
      sql(
        `INSERT INTO call_list_entry (account_id, phone_e164, overdue_kopecks, overdue_months)
         VALUES ($1, '+380501234567', 150000, 4) RETURNING id`,
        [accountId],
      );
    const [first] = await add();
    const refusal = await refused(add());
    expect(refusal).toMatchObject({
      code: UNIQUE_VIOLATION,
      constraint: 'call_list_entry_one_open_key',
    });
    // Once the stay is closed, the account may be listed again.
    await sql(
      `UPDATE call_list_entry SET removed_at = now(), removal_reason = 'PAID' WHERE id = $1`,
      [first?.id],
    );
    await add();
    const open = await sql(
      'SELECT id FROM call_list_entry WHERE account_id = $1 AND removed_at IS NULL',
      [accountId],
    );
    expect(open).toHaveLength(1);
  });

  it('refuse a second accrual for the same account, period and service', async () => {
    const accountId = await createAccount();
    await accrue(accountId, 2_353);
    const refusal = await refused(accrue(accountId, 2_353));
    expect(refusal).toMatchObject({
      code: UNIQUE_VIOLATION,
      constraint: 'ledger_entry_one_accrual_key',
    });
    expect(await balanceOf(accountId)).toBe(2_353);
  });

  it('refuse a duplicate webhook event from the same provider', async () => {
    const insert = (provider: string) =>
      sql(
        `INSERT INTO webhook_event (provider, event_id, type, outcome)
         VALUES ($1, $2, 'checkout.session.completed', 'PROCESSED')`,
        [provider, `evt_duplicate_${TAG}`],
      );
    await insert('STRIPE');
    const refusal = await refused(insert('STRIPE'));
    expect(refusal).toMatchObject({
      code: UNIQUE_VIOLATION,
      constraint: 'webhook_event_provider_event_id_key',
    });
    // The same id from another provider is a different event.
    await insert('DEMO');
  });
});

describe('audit_log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE and changes nothing', async () => {
    await sql(`INSERT INTO audit_log (actor_kind, action) VALUES ('SYSTEM', $1)`, [`test.${TAG}`]);
    const before = await sql('SELECT * FROM audit_log ORDER BY id');
    for (const statement of [
      `UPDATE audit_log SET action = 'rewritten'`,
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
    ]) {
      const refusal = await refused(sql(statement));
      expect(refusal.message).toMatch(/append-only/);
    }
    expect(await sql('SELECT * FROM audit_log ORDER BY id')).toEqual(before);
  });
});
