/**
 * The collections dashboard's figures on a small fixture, against values worked out by hand
 * (docs/dashboard.md), on a database of its own (the figures count every account). Four
 * debtors-to-be charged 100.00 UAH a month for 2026-01 … 2026-05 (each bill effective the first
 * instant of the next month, Kyiv time, as a period close posts it) and one account in credit:
 *
 *   A  never pays;
 *   B  pays 400.00 on 2026-05-20 (bank);
 *   C  pays 200.00 on 2026-03-10 (online); opts in to SMS 04-10, out 05-02, in again 06-02;
 *   D  no bills, pays 50.00 at 00:30 Kyiv on 2026-02-01 (online; 22:30 UTC the day before);
 *   F  pays 300.00 on 2026-04-05 (bank); a correction of −100.00 to its January bill on 06-10.
 *
 * "Today" is 2026-06-15 (12:00 Kyiv). Rules: bills due a month after (overdue from the first
 * day of the month after that), the call list's age threshold 3 full months.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { uniqueAccountNumber } from '@/test/factories';
import { createMigratedTestDatabase } from '@/test/integration/fresh-database';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { isAppError } from '../app-error';
import { backfillCollectionsDays } from './backfill-collections-days';
import { collectionsCsv } from './collections-csv';
import { getCollectionsDashboard } from './get-collections-dashboard';
import { refreshCollectionsDays } from './refresh-collections-days';

const NOW = new Date('2026-06-15T09:00:00Z');
const SUPERVISOR = { staffUserId: 1, role: 'SUPERVISOR' as const };

let database: Awaited<ReturnType<typeof createMigratedTestDatabase>>;
let prisma: PrismaClient;
const ids: Record<'A' | 'B' | 'C' | 'D' | 'F', number> = { A: 0, B: 0, C: 0, D: 0, F: 0 };

/** An instant given as Kyiv wall-clock time (UTC+2 in winter, UTC+3 in summer). */
const kyiv = (local: string) => `(timestamp '${local}' AT TIME ZONE 'Europe/Kyiv')`;

beforeAll(async () => {
  database = await createMigratedTestDatabase(inject('testServerUrl'));
  prisma = createPrismaClient(database.url, 4);
  const sql = (text: string, ...values: unknown[]) => prisma.$executeRawUnsafe(text, ...values);
  const one = async (text: string, ...values: unknown[]) =>
    ((await prisma.$queryRawUnsafe<{ id: number }[]>(text, ...values))[0] as { id: number }).id;

  const district = await one(`INSERT INTO district (name) VALUES ('Тестовий') RETURNING id`);
  const category = await one(
    `INSERT INTO tariff_category (code, name_uk, name_ru, name_en, has_lift)
     VALUES ('DASH', 'т', 'т', 't', false) RETURNING id`,
  );
  const service = await one(
    `INSERT INTO service_component (code, name_uk, name_ru, name_en, sort_order)
     VALUES ('DASH', 'т', 'т', 't', 1) RETURNING id`,
  );
  const tariff = await one(
    `INSERT INTO tariff (category_id, service_id, rate_kopecks_per_sqm, effective_from)
     VALUES ($1, $2, 100, '2026-01-01') RETURNING id`,
    category,
    service,
  );
  const building = await one(
    `INSERT INTO building (district_id, category_id, street, house_number, floors)
     VALUES ($1, $2, 'вул. Тестова', '1', 5) RETURNING id`,
    district,
    category,
  );
  for (const [i, key] of (['A', 'B', 'C', 'D', 'F'] as const).entries()) {
    ids[key] = await one(
      `INSERT INTO account (number, building_id, apartment, holder_name, area_centi_sqm, opened_on,
                            bill_access_code_hash)
       VALUES ($1, $2, $3, 'Тестенко Т. Т.', 10000, '2025-12-01', 'test') RETURNING id`,
      uniqueAccountNumber(),
      building,
      String(i + 1),
    );
    await sql(
      `INSERT INTO phone (account_id, e164, kind, is_primary) VALUES ($1, $2, 'MOBILE', true)`,
      ids[key],
      `+38050000000${i}`,
    );
  }
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
  for (const month of months)
    await sql(
      `INSERT INTO billing_period (month, status, closed_at, accounts_accrued, total_accrued_kopecks)
       VALUES ($1::date, 'CLOSED', now(), 4, 40000)`,
      `${month}-01`,
    );
  await sql(`INSERT INTO billing_period (month, status) VALUES ('2026-06-01', 'OPEN')`);
  // The bills: one statement, as a period close posts them.
  await sql(
    `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, service_id, tariff_id,
                               area_centi_sqm, effective_at)
     SELECT a, 'ACCRUAL', 10000, m, $2, $3, 10000,
            ((m + interval '1 month')::timestamp AT TIME ZONE 'Europe/Kyiv')
       FROM unnest($1::int[]) AS a
      CROSS JOIN generate_series('2026-01-01'::date, '2026-05-01'::date, interval '1 month') AS g(m0)
      CROSS JOIN LATERAL (SELECT g.m0::date AS m) x`,
    [ids.A, ids.B, ids.C, ids.F],
    service,
    tariff,
  );
  const pay = async (account: number, kopecks: number, local: string, provider: string) => {
    const payment = await one(
      `INSERT INTO payment (provider, provider_payment_id, receipt_number, account_id,
                            amount_kopecks, status, created_at, succeeded_at)
       VALUES ($1::payment_provider, $2, $2, $3, $4, 'SUCCEEDED', ${kyiv(local)}, ${kyiv(local)})
       RETURNING id`,
      provider,
      `dash-${account}-${local}`,
      account,
      kopecks,
    );
    await sql(
      `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, payment_id, effective_at)
       VALUES ($1, 'PAYMENT', $2, $3, ${kyiv(local)})`,
      account,
      -kopecks,
      payment,
    );
  };
  await pay(ids.B, 40_000, '2026-05-20 10:00', 'BANK_IMPORT');
  await pay(ids.C, 20_000, '2026-03-10 10:00', 'STRIPE');
  await pay(ids.D, 5_000, '2026-02-01 00:30', 'DEMO');
  await pay(ids.F, 30_000, '2026-04-05 10:00', 'BANK_IMPORT');
  await sql(
    `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, memo, effective_at)
     VALUES ($1, 'ADJUSTMENT', -10000, '2026-01-01', 'Перерахунок площі', ${kyiv('2026-06-10 10:00')})`,
    ids.F,
  );

  // The call list: A added 06-01, removed 06-05 (dispute), added again 06-12 (open);
  // F added 06-01, removed 06-10 (paid).
  const stay = async (account: number, added: string, removed: string | null, reason?: string) => {
    const entry = await one(
      `INSERT INTO call_list_entry (account_id, phone_e164, overdue_kopecks, overdue_months,
                                    added_at, removed_at, removal_reason)
       VALUES ($1, '+380500000000', 40000, 3, ${kyiv(added)},
               ${removed ? kyiv(removed) : 'NULL'}, $2::call_list_reason) RETURNING id`,
      account,
      reason ?? null,
    );
    await sql(
      `INSERT INTO call_list_event (entry_id, account_id, action, reason, created_at)
       VALUES ($1, $2, 'ADDED', 'OVERDUE', ${kyiv(added)})`,
      entry,
      account,
    );
    if (removed)
      await sql(
        `INSERT INTO call_list_event (entry_id, account_id, action, reason, created_at)
         VALUES ($1, $2, 'REMOVED', $3::call_list_reason, ${kyiv(removed)})`,
        entry,
        account,
        reason,
      );
  };
  await stay(ids.A, '2026-06-01 09:00', '2026-06-05 10:00', 'DISPUTE_OPEN');
  await stay(ids.F, '2026-06-01 09:00', '2026-06-10 11:00', 'PAID');
  await stay(ids.A, '2026-06-12 09:00', null);
  await sql(
    `INSERT INTO dispute (account_id, opened_by, category, description, status, resolution,
                          resolution_note, created_at, resolved_at)
     VALUES ($1, 'RESIDENT', 'OTHER', 'Не згоден', 'RESOLVED', 'REJECTED', 'Нарахування вірне',
             ${kyiv('2026-06-05 10:00')}, ${kyiv('2026-06-11 10:00')})`,
    ids.A,
  );
  for (const [action, local] of [
    ['OPT_IN', '2026-04-10 12:00'],
    ['OPT_OUT', '2026-05-02 12:00'],
    ['OPT_IN', '2026-06-02 12:00'],
  ] as const)
    await sql(
      `INSERT INTO consent_record (account_id, phone_e164, channel, action, source, created_at)
       VALUES ($1, '+380500000002', 'SMS_REMINDERS', $2::consent_action, 'WEB', ${kyiv(local)})`,
      ids.C,
      action,
    );
}, 120_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

type Row = {
  day: string;
  debtors: number | null;
  debtors_long: number | null;
  overdue_kopecks: bigint | null;
  debtors_source: string | null;
  on_call_list: number | null;
  removed_paid: number;
  removed_dispute_open: number;
  call_list_added: number;
  sms_opt_ins: number;
  sms_opt_outs: number;
  sms_accounts: number;
  payments_online: number;
  payments_online_kopecks: bigint;
  payments_bank: number;
  payments_bank_kopecks: bigint;
  disputes_opened: number;
  disputes_resolved: number;
  disputes_open: number;
};

async function day(key: string): Promise<Row> {
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    'SELECT *, day::text AS day FROM collections_day WHERE day = $1::date',
    key,
  );
  const row = rows[0];
  if (!row) throw new Error(`no row for ${key}`);
  return row;
}

const debtors = (row: Row) => [row.debtors, row.debtors_long, Number(row.overdue_kopecks)];

describe('the backfill from the ledger', () => {
  beforeAll(async () => {
    const result = await backfillCollectionsDays(prisma, {
      rules: DEFAULT_RULES,
      from: '2026-01-01',
      to: '2026-06-15',
      now: NOW,
    });
    expect(result.days).toBe(166);
  });

  it('counts debtors, long debtors and the overdue amount as rule 2 ages them on each day', async () => {
    // February: January's bills are issued, not yet due: nobody owes anything overdue.
    expect(debtors(await day('2026-02-28'))).toEqual([0, 0, 0]);
    // 31 March: January's bill is overdue (from 1 March) for A, B and F; C paid 200.00 on
    // 10 March (January and February settled, oldest first).
    expect(debtors(await day('2026-03-31'))).toEqual([3, 0, 30_000]);
    // 31 May: A owes January–March (2 full months: March, April), C March; B paid on 20 May,
    // F's 300.00 of 5 April covered January–March.
    expect(debtors(await day('2026-05-31'))).toEqual([2, 0, 40_000]);
    // 1 June: April's bills fall due. A owes January–April, its oldest 3 full months overdue
    // (March, April, May): the one long debtor. C owes March–April, F April.
    expect(debtors(await day('2026-06-01'))).toEqual([3, 1, 70_000]);
    expect(debtors(await day('2026-06-09'))).toEqual([3, 1, 70_000]);
    // 10 June: F's January bill corrected by −100.00 (a month correction counts from the day
    // it is posted, not earlier): F owes nothing overdue any more.
    expect(debtors(await day('2026-06-10'))).toEqual([2, 1, 60_000]);
    expect(debtors(await day('2026-06-15'))).toEqual([2, 1, 60_000]);
    expect((await day('2026-06-15')).debtors_source).toBe('LEDGER');
  });

  it('counts payments on their Kyiv day, by channel', async () => {
    const d = await day('2026-02-01');
    expect([d.payments_online, Number(d.payments_online_kopecks)]).toEqual([1, 5_000]);
    expect((await day('2026-01-31')).payments_online).toBe(0);
    const b = await day('2026-05-20');
    expect([b.payments_bank, Number(b.payments_bank_kopecks), b.payments_online]).toEqual([
      1, 40_000, 0,
    ]);
  });

  it('follows the call list, its exits by reason, disputes and SMS consents', async () => {
    expect((await day('2026-05-31')).on_call_list).toBeNull();
    const first = await day('2026-06-01');
    expect([first.on_call_list, first.call_list_added]).toEqual([2, 2]);
    const disputeDay = await day('2026-06-05');
    expect([
      disputeDay.on_call_list,
      disputeDay.removed_dispute_open,
      disputeDay.disputes_opened,
      disputeDay.disputes_open,
    ]).toEqual([1, 1, 1, 1]);
    const paidDay = await day('2026-06-10');
    expect([paidDay.on_call_list, paidDay.removed_paid, paidDay.disputes_open]).toEqual([0, 1, 1]);
    const resolved = await day('2026-06-11');
    expect([resolved.disputes_resolved, resolved.disputes_open, resolved.on_call_list]).toEqual([
      1, 0, 0,
    ]);
    expect((await day('2026-06-12')).on_call_list).toBe(1);

    expect((await day('2026-04-09')).sms_accounts).toBe(0);
    const optIn = await day('2026-04-10');
    expect([optIn.sms_opt_ins, optIn.sms_accounts]).toEqual([1, 1]);
    const optOut = await day('2026-05-02');
    expect([optOut.sms_opt_outs, optOut.sms_accounts]).toEqual([1, 0]);
    expect((await day('2026-06-02')).sms_accounts).toBe(1);
    expect((await day('2026-06-15')).sms_accounts).toBe(1);
  });
});

describe('the refresh', () => {
  it('gives today the same debtors by the call-list rule on the kept state as the ledger gave', async () => {
    const before = await day('2026-06-14');
    const result = await refreshCollectionsDays(prisma, { now: NOW, rules: DEFAULT_RULES });
    expect(result.today).toBe('2026-06-15');
    const today = await day('2026-06-15');
    expect(debtors(today)).toEqual([2, 1, 60_000]);
    expect(today.debtors_source).toBe('LIVE');
    expect(today.on_call_list).toBe(1);
    // Yesterday keeps its debtor figures; its flows and stocks are recounted, unchanged.
    const yesterday = await day('2026-06-14');
    expect(debtors(yesterday)).toEqual(debtors(before));
    expect(yesterday.debtors_source).toBe('LEDGER');
    expect([yesterday.on_call_list, yesterday.sms_accounts]).toEqual([1, 1]);
  });
});

describe('the dashboard', () => {
  it('computes the collection rate from the period totals and the next month’s payments', async () => {
    const dashboard = await getCollectionsDashboard(prisma, SUPERVISOR, { now: NOW, months: 6 });
    expect(dashboard.from).toBe('2026-01-01');
    expect(dashboard.to).toBe('2026-06-15');
    expect(dashboard.days).toHaveLength(166);
    expect(dashboard.longMonths).toBe(3);
    expect(dashboard.callListSince).toBe('2026-06-01');
    expect(
      dashboard.collectionRate.map((m) => [m.month, m.paidKopecks, m.rate, m.complete]),
    ).toEqual([
      // January's bills (400.00) were paid during February: D's 50.00.
      ['2026-01', 5_000, 0.125, true],
      ['2026-02', 20_000, 0.5, true],
      ['2026-03', 30_000, 0.75, true],
      ['2026-04', 40_000, 1, true],
      // May's bills are paid during June, which is still running.
      ['2026-05', 0, 0, false],
    ]);
    const june = dashboard.byMonth.find((m) => m.month === '2026-06');
    expect([june?.removedPaid, june?.removedDisputeOpen, june?.callListAdded]).toEqual([1, 1, 3]);

    const csv = collectionsCsv(dashboard, 'collection-rate').split('\r\n');
    expect(csv[0]).toBe('billing_month,accrued_uah,paid_next_month_uah,rate_percent,complete');
    expect(csv[1]).toBe('2026-01,400.00,50.00,12.5,yes');
    expect(csv[5]).toBe('2026-05,400.00,0.00,0.0,no');
    const debtorsCsv = collectionsCsv(dashboard, 'debtors').split('\r\n');
    expect(debtorsCsv[0]).toBe('day,debtors,debtors_3_months_plus,overdue_uah,source');
    expect(debtorsCsv).toContain('2026-06-01,3,1,700.00,LEDGER');
    expect(debtorsCsv).toContain('2026-06-15,2,1,600.00,LIVE');
  });

  it('is refused below SUPERVISOR', async () => {
    const refused = await getCollectionsDashboard(
      prisma,
      { staffUserId: 1, role: 'SUPPORT' },
      { now: NOW, months: 3 },
    ).catch((error: unknown) => error);
    expect(isAppError(refused, 'FORBIDDEN')).toBe(true);
  });
});
