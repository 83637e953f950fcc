/**
 * Writes generated data with set-based SQL over plain pg connections (no Prisma row creates). Rules kept here:
 * - accounts are inserted with balance 0 (the default); only the ledger trigger moves balances;
 * - an account's whole history (all accruals and payments) goes into ledger_entry in ONE
 *   INSERT statement per chunk, so the statement-level balance trigger updates each account
 *   once, and rows arrive in (account, time) order, which keeps the index inserts local;
 * - accrual amounts are computed in SQL with the same integer formula as lib/money.ts
 *   (floor((area × rate + 50) / 100)); the generator computes the same numbers in TypeScript
 *   to decide payments, from the same rate tables.
 */
import type pg from 'pg';
import { hashBillAccessCode } from '../../lib/domain/accounts/bill-access-code';
import { accrualAmountSql } from '../../lib/domain/billing/accrue-period-sql';
import { apiKeyPrefix, hashApiKey } from '../../lib/domain/dialer/api-key-hash';
import { receiptNumberSql } from '../../lib/domain/payments/receipt-number-sql';
import { hashPassword } from '../../lib/domain/staff/password-hash';
import { DEMO_DIALER_KEY_NAME, DEMO_STAFF, FIXTURE_BUILDING, FIXTURE_DISPUTE } from './fixtures';
import type { BuildingPlan, GeneratedAccount } from './households';
import {
  CATEGORIES,
  CLOSED_PERIODS,
  DISTRICTS,
  NEW_RATES,
  NEW_TARIFF_FROM,
  OLD_RATES,
  OLD_TARIFF_FROM,
  OPEN_PERIOD,
  periodMonth,
  SERVICES,
} from './reference';

export type ReferenceIds = {
  /** Building id by plan index; the fixture building under key -1. */
  buildingIds: Map<number, number>;
  adminId: number;
};

function rows<T extends pg.QueryResultRow>(result: pg.QueryResult<T>): T[] {
  return result.rows;
}

/** Staff, dialer key, districts, categories, services, tariffs, periods and buildings. */
export async function insertReferenceData(
  client: pg.Client,
  plans: readonly BuildingPlan[],
  options: { dialerApiKey: string },
): Promise<ReferenceIds> {
  const staff: { email: string; name: string; role: string; hash: string }[] = [];
  for (const user of DEMO_STAFF) staff.push({ ...user, hash: await hashPassword(user.password) });
  const staffRows = rows(
    await client.query<{ id: number; role: string }>(
      `INSERT INTO staff_user (email, name, role, password_hash, created_at)
       SELECT e, n, r::staff_role, h, '2024-10-01T07:00:00Z'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(e, n, r, h)
       RETURNING id, role::text AS role`,
      [
        staff.map((s) => s.email),
        staff.map((s) => s.name),
        staff.map((s) => s.role),
        staff.map((s) => s.hash),
      ],
    ),
  );
  const adminId = staffRows.find((r) => r.role === 'ADMIN')?.id;
  if (adminId === undefined) throw new Error('seed: the admin user was not created');

  await client.query(
    `INSERT INTO dialer_api_key (name, prefix, key_hash, created_by_id, created_at)
     VALUES ($1, $2, $3, $4, '2024-10-01T08:00:00Z')`,
    [
      DEMO_DIALER_KEY_NAME,
      apiKeyPrefix(options.dialerApiKey),
      hashApiKey(options.dialerApiKey),
      adminId,
    ],
  );

  await client.query(`INSERT INTO district (name) SELECT unnest($1::text[])`, [[...DISTRICTS]]);
  await client.query(
    `INSERT INTO tariff_category (code, name_uk, name_ru, name_en, has_lift)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[])`,
    [
      CATEGORIES.map((c) => c.code),
      CATEGORIES.map((c) => c.nameUk),
      CATEGORIES.map((c) => c.nameRu),
      CATEGORIES.map((c) => c.nameEn),
      CATEGORIES.map((c) => c.hasLift),
    ],
  );
  await client.query(
    `INSERT INTO service_component (code, name_uk, name_ru, name_en, sort_order)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])`,
    [
      SERVICES.map((s) => s.code),
      SERVICES.map((s) => s.nameUk),
      SERVICES.map((s) => s.nameRu),
      SERVICES.map((s) => s.nameEn),
      SERVICES.map((s) => s.sortOrder),
    ],
  );

  const tariffs: { category: string; service: string; rate: number; from: string; at: string }[] =
    [];
  for (const [table, from, at] of [
    [OLD_RATES, OLD_TARIFF_FROM, '2024-10-14T09:00:00Z'],
    [NEW_RATES, NEW_TARIFF_FROM, '2025-08-11T09:00:00Z'],
  ] as const) {
    for (const category of CATEGORIES)
      for (const [service, rate] of Object.entries(table[category.code]))
        tariffs.push({ category: category.code, service, rate, from: `${from}-01`, at });
  }
  await client.query(
    `INSERT INTO tariff (category_id, service_id, rate_kopecks_per_sqm, effective_from, created_at, created_by_id)
     SELECT c.id, s.id, u.rate, u.from_day, u.at, $6
       FROM unnest($1::text[], $2::text[], $3::int[], $4::date[], $5::timestamptz[])
            AS u(category, service, rate, from_day, at)
       JOIN tariff_category c ON c.code = u.category
       JOIN service_component s ON s.code = u.service`,
    [
      tariffs.map((t) => t.category),
      tariffs.map((t) => t.service),
      tariffs.map((t) => t.rate),
      tariffs.map((t) => t.from),
      tariffs.map((t) => t.at),
      adminId,
    ],
  );

  // 24 closed periods (totals are filled in at the end) and the open current month. A period
  // is closed at 02:00 Kyiv time on the 1st of the following month.
  const closed = Array.from({ length: CLOSED_PERIODS }, (_, k) => `${periodMonth(k)}-01`);
  await client.query(
    `INSERT INTO billing_period (month, status, started_at, closed_at, closed_by_id)
     SELECT m, 'CLOSED',
            ((m + interval '1 month')::timestamp + interval '1 hour 35 minutes') AT TIME ZONE 'Europe/Kyiv',
            ((m + interval '1 month')::timestamp + interval '2 hours') AT TIME ZONE 'Europe/Kyiv',
            $2
       FROM unnest($1::date[]) AS m`,
    [closed, adminId],
  );
  await client.query(`INSERT INTO billing_period (month, status) VALUES ($1, 'OPEN')`, [
    `${OPEN_PERIOD}-01`,
  ]);

  const buildingIds = new Map<number, number>();
  const all = [
    {
      index: -1,
      district: FIXTURE_BUILDING.district,
      street: FIXTURE_BUILDING.street,
      house: FIXTURE_BUILDING.houseNumber,
      floors: FIXTURE_BUILDING.floors,
      category: FIXTURE_BUILDING.category,
    },
    ...plans.map((p, index) => ({
      index,
      district: DISTRICTS[p.districtIndex] ?? DISTRICTS[0],
      street: p.street,
      house: p.houseNumber,
      floors: p.floors,
      category: p.category,
    })),
  ];
  const inserted = rows(
    await client.query<{ id: number; street: string; house_number: string }>(
      `INSERT INTO building (district_id, category_id, street, house_number, floors)
       SELECT d.id, c.id, u.street, u.house, u.floors
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
              AS u(district, street, house, floors, category)
         JOIN district d ON d.name = u.district
         JOIN tariff_category c ON c.code = u.category
       RETURNING id, street, house_number`,
      [
        all.map((b) => b.district),
        all.map((b) => b.street),
        all.map((b) => b.house),
        all.map((b) => b.floors),
        all.map((b) => b.category),
      ],
    ),
  );
  const byKey = new Map(inserted.map((r) => [`${r.street}|${r.house_number}`, r.id]));
  for (const b of all) {
    const id = byKey.get(`${b.street}|${b.house}`);
    if (id === undefined)
      throw new Error(`seed: building ${b.street}, ${b.house} was not inserted`);
    buildingIds.set(b.index, id);
  }
  return { buildingIds, adminId };
}

/** Local minutes since 2024-12-01 00:00 (Kyiv) of a payment; SQL turns it into an instant. */
function paymentMinute(paymentMonth: number, day: number, minuteOfDay: number): number {
  const days = (Date.UTC(2024, 11 + paymentMonth, day) - Date.UTC(2024, 11, 1)) / 86_400_000;
  return days * 1440 + minuteOfDay;
}

export type ChunkResult = { accounts: number; payments: number; ledgerEntries: number };

/** Where a chunk's explicit ids start (ids are assigned in generation order: deterministic). */
export type ChunkIds = { firstAccountId: number; firstPaymentId: number };

export function paymentCount(accounts: readonly GeneratedAccount[]): number {
  return accounts.reduce((n, a) => n + a.payments.length, 0);
}

/**
 * The rate in force for each category, service and closed month (the latest tariff whose
 * effective_from is not after the month). Accruals join this small per-connection table.
 */
export async function createTariffMonthTable(client: pg.Client): Promise<void> {
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS seed_tariff_month AS
    SELECT t.category_id, t.service_id, bp.month, t.id AS tariff_id, t.rate_kopecks_per_sqm AS rate,
           ((bp.month + interval '1 month')::timestamp AT TIME ZONE 'Europe/Kyiv') AS effective_at
      FROM billing_period bp
      JOIN LATERAL (
        SELECT DISTINCT ON (category_id, service_id) *
          FROM tariff WHERE effective_from <= bp.month
         ORDER BY category_id, service_id, effective_from DESC) t ON true
     WHERE bp.status = 'CLOSED'`);
}

/**
 * Inserts one chunk of accounts with phones, consent records, payments and their whole ledger
 * history. Account i of the chunk gets id firstAccountId + i; payments are numbered likewise,
 * so the data does not depend on how chunks interleave. Call inside a transaction.
 */
export async function insertAccountChunk(
  client: pg.Client,
  accounts: readonly GeneratedAccount[],
  ids: ReferenceIds,
  chunkIds: ChunkIds,
  pepper: string,
): Promise<ChunkResult> {
  const { firstAccountId, firstPaymentId } = chunkIds;
  const buildingId = (a: GeneratedAccount): number => {
    const id = ids.buildingIds.get(a.buildingIndex);
    if (id === undefined) throw new Error(`seed: no building for plan index ${a.buildingIndex}`);
    return id;
  };
  await client.query(
    `INSERT INTO account (id, number, building_id, apartment, holder_name, area_centi_sqm, opened_on,
                          preferred_locale, contact_preference, sms_phone_e164, do_not_call,
                          bill_access_code_hash, created_at)
     SELECT $11::int + ord::int - 1, n, b, ap, h, ar, o, l::locale, cp::contact_preference, sp, dnc,
            hash, (o::timestamp + interval '10 hours') AT TIME ZONE 'Europe/Kyiv'
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::date[],
                   $7::text[], $8::text[], $9::bool[], $10::text[], $12::text[]) WITH ORDINALITY
            AS u(n, b, ap, h, ar, o, l, cp, dnc, hash, sp, ord)`,
    [
      accounts.map((a) => a.number),
      accounts.map(buildingId),
      accounts.map((a) => a.apartment),
      accounts.map((a) => a.holderName),
      accounts.map((a) => a.areaCentiSqm),
      accounts.map((a) => a.openedOn),
      accounts.map((a) => a.locale),
      accounts.map((a) => a.contactPreference),
      accounts.map((a) => a.doNotCall),
      accounts.map((a) => hashBillAccessCode(a.number, a.billAccessCode, pepper)),
      firstAccountId,
      // SMS accounts opted in with their primary mobile, verified then (see households.ts).
      accounts.map((a) => (a.contactPreference === 'SMS' ? (a.phones[0]?.e164 ?? null) : null)),
    ],
  );

  const phoneAccount: number[] = [];
  const phoneE164: string[] = [];
  const phoneKind: string[] = [];
  const phonePrimary: boolean[] = [];
  const phoneCallable: boolean[] = [];
  const phoneVerified: (string | null)[] = [];
  const consentAccount: number[] = [];
  const consentPhone: string[] = [];
  const consentAt: string[] = [];
  const payAccount: number[] = [];
  const payAmount: number[] = [];
  const payProvider: string[] = [];
  const payMinute: number[] = [];
  accounts.forEach((a, i) => {
    const id = firstAccountId + i;
    for (const p of a.phones) {
      phoneAccount.push(id);
      phoneE164.push(p.e164);
      phoneKind.push(p.kind);
      phonePrimary.push(p.isPrimary);
      phoneCallable.push(p.callable);
      phoneVerified.push(p.verifiedAt);
    }
    const primary = a.phones[0];
    if (a.smsOptInAt !== null && primary) {
      consentAccount.push(id);
      consentPhone.push(primary.e164);
      consentAt.push(a.smsOptInAt);
    }
    for (const p of a.payments) {
      payAccount.push(id);
      payAmount.push(p.amountKopecks);
      payProvider.push(p.provider);
      payMinute.push(paymentMinute(p.paymentMonth, p.day, p.minuteOfDay));
    }
  });
  await client.query(
    `INSERT INTO phone (account_id, e164, kind, is_primary, callable, verified_at, created_at)
     SELECT a, e, k::phone_kind, p, c, v, coalesce(v, '2024-10-01T06:00:00Z')
       FROM unnest($1::int[], $2::text[], $3::text[], $4::bool[], $5::bool[], $6::timestamptz[])
            AS u(a, e, k, p, c, v)`,
    [phoneAccount, phoneE164, phoneKind, phonePrimary, phoneCallable, phoneVerified],
  );
  if (consentAccount.length > 0)
    await client.query(
      `INSERT INTO consent_record (account_id, phone_e164, channel, action, source, evidence, created_at)
       SELECT a, e, 'SMS_REMINDERS', 'OPT_IN', 'WEB', '{"verifiedBy":"one-time code"}'::jsonb, t
         FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS u(a, e, t)`,
      [consentAccount, consentPhone, consentAt],
    );

  // The provider id derives from the payment id; the receipt number comes from the same
  // sequence and format as the webhook's (receiptNumberSql). Then ONE ledger INSERT
  // carries every accrual of the chunk's accounts and every payment (the balance trigger fires
  // once for the statement and updates each account once).
  const ledger = await client.query(
    `WITH p AS (
       INSERT INTO payment (id, provider, provider_payment_id, receipt_number, account_id,
                            amount_kopecks, status, created_at, succeeded_at)
       SELECT id, provider::payment_provider,
              CASE provider WHEN 'DEMO' THEN 'demo_' || lpad(id::text, 12, '0')
                   ELSE 'PB' || to_char(local_at, 'YYYYMMDD') || lpad(id::text, 10, '0') END,
              ${receiptNumberSql('local_at')},
              account_id, amount, 'SUCCEEDED',
              local_at AT TIME ZONE 'Europe/Kyiv', local_at AT TIME ZONE 'Europe/Kyiv'
         FROM (SELECT $5::int + u.ord::int - 1 AS id, u.account_id, u.amount, u.provider,
                      '2024-12-01 00:00'::timestamp + make_interval(mins => u.minute) AS local_at
                 FROM unnest($1::int[], $2::int[], $3::text[], $4::int[]) WITH ORDINALITY
                      AS u(account_id, amount, provider, minute, ord)) AS src
       RETURNING id, account_id, amount_kopecks, succeeded_at)
     INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, service_id, tariff_id,
                               area_centi_sqm, payment_id, effective_at, created_at)
     SELECT account_id, kind::ledger_entry_kind, amount, period_month, service_id, tariff_id,
            area, payment_id, effective_at, effective_at
       FROM (
         SELECT a.id AS account_id, 'ACCRUAL' AS kind,
                ((a.area_centi_sqm::bigint * tm.rate + 50) / 100)::int AS amount,
                tm.month AS period_month, tm.service_id, tm.tariff_id, a.area_centi_sqm AS area,
                NULL::int AS payment_id, tm.effective_at
           FROM account a
           JOIN building b ON b.id = a.building_id
           JOIN seed_tariff_month tm ON tm.category_id = b.category_id
          WHERE a.id BETWEEN $6 AND $7
         UNION ALL
         SELECT account_id, 'PAYMENT', -amount_kopecks, NULL, NULL, NULL, NULL, id, succeeded_at
           FROM p) AS e
      ORDER BY account_id, effective_at, service_id`,
    [
      payAccount,
      payAmount,
      payProvider,
      payMinute,
      firstPaymentId,
      firstAccountId,
      firstAccountId + accounts.length - 1,
    ],
  );
  return {
    accounts: accounts.length,
    payments: payAccount.length,
    ledgerEntries: ledger.rowCount ?? 0,
  };
}

/** Moves the id sequences past the explicit ids the seed used. */
export async function syncSequences(client: pg.Client): Promise<void> {
  for (const table of ['account', 'payment'])
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
      [table],
    );
}

/** The fixture's open dispute with its first resident message. */
export async function insertFixtureDispute(client: pg.Client, accountId: number): Promise<void> {
  await client.query(
    `WITH d AS (
       INSERT INTO dispute (account_id, opened_by, category, period_month, description, status, created_at)
       VALUES ($1, 'RESIDENT', $2::dispute_category, $3::date, $4, 'OPEN', $5)
       RETURNING id, created_at)
     INSERT INTO dispute_message (dispute_id, author_kind, body, created_at)
     SELECT id, 'RESIDENT', $6, created_at + interval '2 minutes' FROM d`,
    [
      accountId,
      FIXTURE_DISPUTE.category,
      `${FIXTURE_DISPUTE.periodMonth}-01`,
      FIXTURE_DISPUTE.description,
      FIXTURE_DISPUTE.openedAt,
      FIXTURE_DISPUTE.message,
    ],
  );
}

/** Records the totals of the closed periods (accrued by this seed). */
export async function recordPeriodTotals(
  client: pg.Client,
  accountsAccrued: readonly number[],
  totals: readonly number[],
  lastAccountId: number,
): Promise<void> {
  // Lines: every seeded account is charged every closed month for each service its category
  // has a rate for by then (the accrual join in insertAccountChunk), so per month that is the
  // accounts per category times the category's services with a rate.
  await client.query(
    `UPDATE billing_period bp
        SET accounts_accrued = u.n, total_accrued_kopecks = u.total, accrued_through_account_id = $4,
            lines_accrued = (
              SELECT coalesce(sum(c.accounts * s.services), 0)::int
                FROM (SELECT b.category_id, count(*) AS accounts
                        FROM account a JOIN building b ON b.id = a.building_id
                       GROUP BY b.category_id) c
                CROSS JOIN LATERAL (
                  SELECT count(DISTINCT t.service_id) AS services
                    FROM tariff t WHERE t.category_id = c.category_id AND t.effective_from <= bp.month) s)
       FROM unnest($1::date[], $2::int[], $3::bigint[]) AS u(month, n, total)
      WHERE bp.month = u.month`,
    [
      Array.from({ length: CLOSED_PERIODS }, (_, k) => `${periodMonth(k)}-01`),
      accountsAccrued,
      totals.map((t) => String(t)),
      lastAccountId,
    ],
  );
  // What each closed month accrued per service (the close's report in the console), by the same
  // reasoning: accounts grouped by category and area, times the line each gets at the rate then
  // in force (accrualAmountSql, the close's own rounding); lines of 0 are not written.
  await client.query(
    `INSERT INTO billing_period_service_total (month, service_id, lines, total_kopecks)
     SELECT bp.month, r.service_id,
            sum(g.n) FILTER (WHERE x.amount > 0)::int,
            coalesce(sum(g.n * x.amount) FILTER (WHERE x.amount > 0), 0)::bigint
       FROM billing_period bp
      CROSS JOIN (SELECT b.category_id, a.area_centi_sqm AS area, count(*) AS n
                    FROM account a JOIN building b ON b.id = a.building_id
                   GROUP BY b.category_id, a.area_centi_sqm) g
       JOIN LATERAL (
         SELECT DISTINCT ON (t.service_id) t.service_id, t.rate_kopecks_per_sqm AS rate
           FROM tariff t
          WHERE t.category_id = g.category_id AND t.effective_from <= bp.month
          ORDER BY t.service_id, t.effective_from DESC) r ON true
      CROSS JOIN LATERAL (SELECT ${accrualAmountSql('g.area', 'r.rate')} AS amount) x
      WHERE bp.status = 'CLOSED'
      GROUP BY bp.month, r.service_id
     HAVING count(*) FILTER (WHERE x.amount > 0) > 0`,
  );
}
