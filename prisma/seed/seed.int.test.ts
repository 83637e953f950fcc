/**
 * Seeds 300 accounts into an empty database of this file's own (the run's database is shared
 * with the other integration files) and checks the generator's promises.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { parseAccountNumber } from '../../lib/domain/accounts/account-number';
import {
  DEV_BILL_CODE_PEPPER,
  verifyBillAccessCode,
} from '../../lib/domain/accounts/bill-access-code';
import { RECEIPT_NUMBER_PATTERN } from '../../lib/domain/payments/receipt-number-sql';
import {
  createMigratedTestDatabase,
  type MigratedTestDatabase,
} from '../../test/integration/fresh-database';
import { FIXTURE_ACCOUNTS, FIXTURE_BUILDING, fixtureByKey } from './fixtures';
import { monthlyBills } from './households';
import { isDatabaseEmpty, type SeedSummary, seedDatabase } from './index';

let database: MigratedTestDatabase;
let databaseUrl = '';
const ACCOUNTS = 300;
/** Index of billing month 2025-09 (the first under the new tariff) and 2026-10 (the last). */
const NEW_TARIFF_INDEX = 10;
const LAST_INDEX = 23;

let client: pg.Client;
let summary: SeedSummary;

async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> {
  const result = await client.query<T>(sql, params);
  const row = result.rows[0];
  if (!row) throw new Error(`no row for ${sql}`);
  return row;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  database = await createMigratedTestDatabase(inject('testServerUrl'));
  databaseUrl = database.url;
  expect(await isDatabaseEmpty(databaseUrl)).toBe(true);
  summary = await seedDatabase({
    rules: DEFAULT_RULES,
    databaseUrl,
    accounts: ACCOUNTS,
    seed: 4242,
  });
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe('seedDatabase', () => {
  it('creates the requested accounts and reports them', async () => {
    expect(summary.accounts).toBe(ACCOUNTS);
    expect(await isDatabaseEmpty(databaseUrl)).toBe(false);
    const row = await one<{ n: number }>('SELECT count(*)::int AS n FROM account');
    expect(row.n).toBe(ACCOUNTS);
    const periods = await client.query<{ status: string; n: number }>(
      `SELECT status::text, count(*)::int AS n FROM billing_period GROUP BY 1 ORDER BY 1`,
    );
    expect(periods.rows).toEqual([
      { status: 'CLOSED', n: 24 },
      { status: 'OPEN', n: 1 },
    ]);
  });

  it('gives every account valid numbers and a bill access code hash', async () => {
    const result = await client.query<{ number: string; bill_access_code_hash: string }>(
      'SELECT number, bill_access_code_hash FROM account',
    );
    for (const row of result.rows) {
      expect(parseAccountNumber(row.number)).toEqual({ ok: true, accountNumber: row.number });
      expect(row.bill_access_code_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('keeps every balance equal to the sum of its ledger entries', async () => {
    const row = await one<{ bad: number }>(
      `SELECT count(*)::int AS bad FROM account a
        WHERE a.balance_kopecks <> (SELECT coalesce(sum(amount_kopecks), 0) FROM ledger_entry l
                                     WHERE l.account_id = a.id)`,
    );
    expect(row.bad).toBe(0);
  });

  it('accrues area × rate rounded half-up, from the tariff in force, once per service and month', async () => {
    const wrong = await one<{ n: number }>(
      `SELECT count(*)::int AS n
         FROM ledger_entry l JOIN tariff t ON t.id = l.tariff_id
         JOIN account a ON a.id = l.account_id JOIN building b ON b.id = a.building_id
        WHERE l.kind = 'ACCRUAL'
          AND (l.amount_kopecks <> floor((l.area_centi_sqm::numeric * t.rate_kopecks_per_sqm + 50) / 100)
               OR l.area_centi_sqm <> a.area_centi_sqm
               OR t.category_id <> b.category_id OR t.service_id <> l.service_id
               OR t.effective_from <> (SELECT max(effective_from) FROM tariff t2
                                        WHERE t2.category_id = t.category_id
                                          AND t2.service_id = t.service_id
                                          AND t2.effective_from <= l.period_month))`,
    );
    expect(wrong.n).toBe(0);
    const counts = await one<{ lift: number; nolift: number; other: number }>(
      `SELECT count(*) FILTER (WHERE c.has_lift AND n = 96)::int AS lift,
              count(*) FILTER (WHERE NOT c.has_lift AND n = 72)::int AS nolift,
              count(*) FILTER (WHERE n NOT IN (72, 96))::int AS other
         FROM (SELECT account_id, count(*) AS n FROM ledger_entry WHERE kind = 'ACCRUAL'
                GROUP BY account_id) x
         JOIN account a ON a.id = x.account_id JOIN building b ON b.id = a.building_id
         JOIN tariff_category c ON c.id = b.category_id`,
    );
    expect(counts.other).toBe(0);
    expect(counts.lift + counts.nolift).toBe(ACCOUNTS);
  });

  it('records the period totals of the closed months', async () => {
    const row = await one<{ bad: number }>(
      `SELECT count(*)::int AS bad
         FROM billing_period bp
         LEFT JOIN (SELECT period_month, sum(amount_kopecks) AS total,
                           count(DISTINCT account_id)::int AS n, count(*)::int AS lines
                      FROM ledger_entry WHERE kind = 'ACCRUAL' GROUP BY period_month) l
           ON l.period_month = bp.month
        WHERE bp.status = 'CLOSED'
          AND (bp.total_accrued_kopecks, bp.accounts_accrued, bp.lines_accrued)
              IS DISTINCT FROM (l.total, l.n, l.lines)`,
    );
    expect(row.bad).toBe(0);
  });

  it('records what each closed month accrued per service, as the ledger has it', async () => {
    const row = await one<{ bad: number; months: number }>(
      `SELECT count(*) FILTER (WHERE (t.lines, t.total_kopecks) IS DISTINCT FROM (l.lines, l.total))::int AS bad,
              count(DISTINCT coalesce(t.month, l.period_month))::int AS months
         FROM billing_period_service_total t
         FULL JOIN (SELECT period_month, service_id, count(*)::int AS lines, sum(amount_kopecks)::bigint AS total
                      FROM ledger_entry WHERE kind = 'ACCRUAL' GROUP BY period_month, service_id) l
           ON l.period_month = t.month AND l.service_id = t.service_id`,
    );
    expect(row).toEqual({ bad: 0, months: 24 });
  });

  it('books each payment once in the ledger, before today', async () => {
    const row = await one<{ unmatched: number; future: number }>(
      `SELECT count(*) FILTER (WHERE l.id IS NULL OR l.amount_kopecks <> -p.amount_kopecks)::int AS unmatched,
              count(*) FILTER (WHERE p.succeeded_at >= '2026-11-26T22:00:00Z')::int AS future
         FROM payment p LEFT JOIN ledger_entry l ON l.payment_id = p.id`,
    );
    expect(row).toEqual({ unmatched: 0, future: 0 });
  });

  it('leaves a plausible share of accounts in arrears, many over 3 months', async () => {
    // Overdue = balance minus the not-yet-due 2026-10 accruals (credits settle oldest first).
    const row = await one<{ arrears: number; old: number }>(
      `WITH x AS (
         SELECT a.balance_kopecks
                - (SELECT sum(amount_kopecks) FROM ledger_entry l WHERE l.account_id = a.id
                    AND l.kind = 'ACCRUAL' AND l.period_month = '2026-10-01') AS overdue,
                a.balance_kopecks
                - (SELECT sum(amount_kopecks) FROM ledger_entry l WHERE l.account_id = a.id
                    AND l.kind = 'ACCRUAL' AND l.period_month >= '2026-07-01') AS older
           FROM account a)
       SELECT count(*) FILTER (WHERE overdue > 0)::int AS arrears,
              count(*) FILTER (WHERE older > 0)::int AS old FROM x`,
    );
    expect(row.arrears / ACCOUNTS).toBeGreaterThan(0.05);
    expect(row.arrears / ACCOUNTS).toBeLessThan(0.3);
    expect(row.old).toBeGreaterThan(0);
    expect(row.old).toBeLessThanOrEqual(row.arrears);
  });

  it('creates the fixture accounts with their documented states', async () => {
    const fixtureBills = (key: Parameters<typeof fixtureByKey>[0]) =>
      monthlyBills(FIXTURE_BUILDING.category, fixtureByKey(key).areaCentiSqm);
    const expected: Record<string, number> = {
      CALL_LIST_DEBTOR: sum(fixtureBills('CALL_LIST_DEBTOR').slice(NEW_TARIFF_INDEX)),
      RECENT_DEBTOR: sum(fixtureBills('RECENT_DEBTOR').slice(LAST_INDEX - 2)),
      PAID_UP: 0,
      SMS_DEBTOR: sum(fixtureBills('SMS_DEBTOR').slice(LAST_INDEX - 5)),
      DISPUTED_DEBTOR: sum(fixtureBills('DISPUTED_DEBTOR').slice(NEW_TARIFF_INDEX)),
    };
    for (const fixture of FIXTURE_ACCOUNTS) {
      const row = await one<{
        id: number;
        balance_kopecks: number;
        contact_preference: string;
        bill_access_code_hash: string;
      }>(
        `SELECT id, balance_kopecks, contact_preference::text, bill_access_code_hash
           FROM account WHERE number = $1`,
        [fixture.number],
      );
      expect(row.balance_kopecks, fixture.key).toBe(expected[fixture.key]);
      expect(row.contact_preference).toBe(fixture.contactPreference);
      expect(
        verifyBillAccessCode(
          fixture.number,
          fixture.billAccessCode,
          row.bill_access_code_hash,
          process.env.BILL_CODE_PEPPER ?? DEV_BILL_CODE_PEPPER,
        ),
      ).toBe(true);
      const phone = await one<{ callable: boolean; verified: boolean }>(
        `SELECT callable, verified_at IS NOT NULL AS verified FROM phone
          WHERE account_id = $1 AND e164 = $2 AND is_primary`,
        [row.id, fixture.phoneE164],
      );
      expect(phone.callable).toBe(true);
      expect(phone.verified).toBe(fixture.contactPreference === 'SMS');
      const consent = await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM consent_record
          WHERE account_id = $1 AND action = 'OPT_IN' AND source = 'WEB' AND channel = 'SMS_REMINDERS'`,
        [row.id],
      );
      expect(consent.n).toBe(fixture.contactPreference === 'SMS' ? 1 : 0);
      const dispute = await one<{ open: number; messages: number }>(
        `SELECT count(*) FILTER (WHERE d.status = 'OPEN')::int AS open,
                (SELECT count(*)::int FROM dispute_message m JOIN dispute d2 ON d2.id = m.dispute_id
                  WHERE d2.account_id = $1 AND m.author_kind = 'RESIDENT') AS messages
           FROM dispute d WHERE d.account_id = $1`,
        [row.id],
      );
      expect(dispute).toEqual(
        fixture.openDispute ? { open: 1, messages: 1 } : { open: 0, messages: 0 },
      );
      if (summary.callList !== null) {
        const onList = await one<{ n: number }>(
          'SELECT count(*)::int AS n FROM call_list_entry WHERE account_id = $1 AND removed_at IS NULL',
          [row.id],
        );
        expect(onList.n, `${fixture.key} on the call list`).toBe(fixture.onCallList ? 1 : 0);
      }
    }
  });

  it('creates the demo staff and the dialer key (hashes only)', async () => {
    const staff = await client.query<{ email: string; role: string; password_hash: string }>(
      'SELECT email, role::text, password_hash FROM staff_user ORDER BY email',
    );
    expect(staff.rows.map((r) => [r.email, r.role])).toEqual([
      ['admin@kvartplata.example', 'ADMIN'],
      ['supervisor@kvartplata.example', 'SUPERVISOR'],
      ['support@kvartplata.example', 'SUPPORT'],
    ]);
    for (const row of staff.rows) expect(row.password_hash).toMatch(/^scrypt\$/);
    const key = await one<{ name: string; prefix: string; key_hash: string }>(
      'SELECT name, prefix, key_hash FROM dialer_api_key',
    );
    expect(key.name).toBe('Demo call centre');
    expect(key.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('numbers receipts in the one format online payments use, without duplicates', async () => {
    const receipts = await one<{ n: number; distinct_n: number; bad: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS distinct_n,
              count(*) FILTER (WHERE receipt_number !~ '^KP-[0-9]{4}-[0-9]{8,}$')::int AS bad
         FROM payment`,
    );
    expect(receipts.n).toBeGreaterThan(0);
    expect(receipts).toMatchObject({ distinct_n: receipts.n, bad: 0 });
    const sample = await one<{ receipt_number: string }>(
      'SELECT receipt_number FROM payment ORDER BY id LIMIT 1',
    );
    expect(sample.receipt_number).toMatch(RECEIPT_NUMBER_PATTERN);
  });

  it('refuses to seed a database that already has accounts', async () => {
    await expect(seedDatabase({ rules: DEFAULT_RULES, databaseUrl, accounts: 10 })).rejects.toThrow(
      /refusing to seed: the database already has 300 accounts/,
    );
    const row = await one<{ n: number }>('SELECT count(*)::int AS n FROM account');
    expect(row.n).toBe(ACCOUNTS);
  });
});
