/**
 * Benchmarks that print figures (not timed tests). Each figure is printed beside a baseline
 * measured in the same run. They MUTATE the database they are given: run them on a scratch
 * copy of generated data (see README "Benchmarks").
 *
 *   npm run bench -- billing --database-url URL --month 2026-11 --now 2026-12-01T08:00:00Z
 *   npm run bench -- lookup  --database-url URL [--seconds 10] [--concurrency 1,8,32]
 *   npm run bench -- webhook --database-url URL [--seconds 10] [--concurrency 1,8,32]
 *   npm run bench -- reminders --database-url URL [--accounts 60000] [--now ISO]
 *   npm run bench -- arrears-state --database-url URL [--now ISO]
 *   npm run bench -- staff-search --database-url URL [--seconds 10] [--concurrency 1,4]
 *   npm run bench -- plans --database-url URL [--now ISO] [--plans 20000] [--rounds 3]
 *   npm run bench -- dashboard --database-url URL [--now ISO] [--samples 50]
 *   npm run bench -- import --database-url URL [--rows 100000]
 *   npm run bench -- all --database-url URL [--seconds 10] [--concurrency 8] [--seed-log FILE]
 *                        [--lighthouse-runs 3] [--skip-close]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { kyivMonthOf } from '../../lib/dates';
import { debitsByMonthSql } from '../../lib/domain/arrears/debits-by-month-sql';
import { verifyArrearsState } from '../../lib/domain/arrears/verify-arrears-state';
import {
  callListParams,
  EVALUATE_CALL_LIST_SQL,
} from '../../lib/domain/call-list/evaluate-call-list-sql';
import { apiKeyPrefix, hashApiKey } from '../../lib/domain/dialer/api-key-hash';
import { getAccountNumberScheme, getBillingRules } from '../../lib/server/env';
import { accrualIntoTempTable, checkoutCompleted } from './baselines';
import {
  CLOSED_LOOP_TABLE_HEADER,
  type ClosedLoopResult,
  formatClosedLoopRow,
  runClosedLoop,
} from './closed-loop';
import { formatLoad, runLoad } from './http-load';
import { startBenchServer } from './server';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'database-url': { type: 'string' },
    month: { type: 'string' },
    now: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string' },
    port: { type: 'string', default: '3500' },
    accounts: { type: 'string' },
    'seed-log': { type: 'string' },
    'lighthouse-runs': { type: 'string', default: '3' },
    'skip-close': { type: 'boolean', default: false },
    plans: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    rows: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '50' },
  },
});
const command = positionals[0];
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
if (!databaseUrl || !command) {
  console.error(
    'usage: npm run bench -- all|billing|plans|lookup|webhook|reminders|arrears-state|staff-search --database-url URL [options]',
  );
  process.exit(2);
}
process.env.DATABASE_URL = databaseUrl;
const seconds = Number(values.seconds);
const levels = (values.concurrency ?? '1,8,32').split(',').map(Number);
/** The staff-search benchmark's levels: one member of staff, and a few at once. */
const searchLevels = (values.concurrency ?? '1,4').split(',').map(Number);
const port = Number(values.port);
/** The configured billing rules, as the app reads them. */
const rules = getBillingRules();

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(8)} s`);
  return { ms, value };
}

async function machine(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{
    accounts: number;
    ledger: string;
    size: string;
    on_list: number;
  }>(
    `SELECT (SELECT count(*)::int FROM account) AS accounts,
            (SELECT reltuples::bigint::text FROM pg_class WHERE relname = 'ledger_entry') AS ledger,
            pg_size_pretty(pg_database_size(current_database())) AS size,
            (SELECT count(*)::int FROM call_list_entry WHERE removed_at IS NULL) AS on_list`,
  );
  const info = rows[0];
  console.log(
    `data: ${info?.accounts} accounts, ~${info?.ledger} ledger rows, ${info?.on_list} on the call list, database ${info?.size}`,
  );
}

async function billing(): Promise<void> {
  const month = values.month;
  const now = values.now ? new Date(values.now) : new Date();
  if (!month) throw new Error('--month YYYY-MM is required');
  const { closeBillingPeriod } = await import('../../lib/domain/billing/close-billing-period');
  const { rebuildCallList } = await import('../../lib/domain/call-list/rebuild-call-list');
  const { createPrismaClient } = await import('../../lib/server/db');
  const prisma = createPrismaClient(databaseUrl as string, 4);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await machine(pool);

  console.log('\nPeriod close');
  // Baseline: the same accrual computation written to an unindexed, trigger-free temp table.
  await timed('  baseline: accrual SELECT into a temp table (bare SQL)', () =>
    accrualIntoTempTable(pool, month),
  );
  const close = await timed(`  closeBillingPeriod(${month}) incl. call-list rebuild`, () =>
    closeBillingPeriod(prisma, { month, now, rules }),
  );
  console.log(
    `    → ${JSON.stringify(close.value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
  );
  await timed(`  closeBillingPeriod(${month}) again (idempotent no-op)`, () =>
    closeBillingPeriod(prisma, { month, now, rules }),
  );

  console.log('\nCall-list rebuild');
  await timed('  baseline: the evaluation query alone (read-only)', async () => {
    await pool.query(
      `SELECT count(*) FILTER (WHERE reason = 'OVERDUE'), sum(overdue), max(overdue_months), count(phone)
         FROM (${EVALUATE_CALL_LIST_SQL}) x`,
      [...callListParams(now, rules, 'ALL')],
    );
  });
  const rebuilt = await timed('  rebuildCallList (evaluate + apply, one transaction)', () =>
    rebuildCallList(prisma, { asOf: now, rules }),
  );
  console.log(`    → ${JSON.stringify(rebuilt.value)}`);
  await prisma.$disconnect();
  await pool.end();
}

async function sampleAccounts(pool: pg.Pool, where = 'true', limit = 5000): Promise<string[]> {
  const { rows } = await pool.query<{ number: string }>(
    `SELECT number FROM account WHERE ${where} ORDER BY random() LIMIT ${limit}`,
  );
  return rows.map((row) => row.number);
}

async function lookup(): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await machine(pool);
  const numbers = await sampleAccounts(pool);
  const server = await startBenchServer({ databaseUrl: databaseUrl as string, port });
  try {
    await runLoad({
      label: 'warm-up',
      concurrency: 4,
      seconds: 3,
      request: (w, n) =>
        fetch(`${server.url}/api/v1/accounts/${numbers[n % numbers.length]}`, {
          headers: { 'x-forwarded-for': `10.99.${w}.${n & 255}` },
        }),
    });
    console.log(`\nLookup API, ${seconds} s per level (server and load generator share 2 cores)`);
    for (const concurrency of levels) {
      console.log(
        formatLoad(
          await runLoad({
            label: 'baseline: GET /api/health',
            concurrency,
            seconds,
            request: () => fetch(`${server.url}/api/health`),
          }),
        ),
      );
      console.log(
        formatLoad(
          await runLoad({
            label: 'GET /api/v1/accounts/{number}',
            concurrency,
            seconds,
            // Each request from its own client address, so the per-client limiter (which stays
            // in the path and is measured) does not throttle the benchmark.
            request: (worker, n) =>
              fetch(
                `${server.url}/api/v1/accounts/${numbers[(worker * 7919 + n) % numbers.length]}`,
                { headers: { 'x-forwarded-for': `10.${worker}.${(n >> 8) & 255}.${n & 255}` } },
              ),
          }),
        ),
      );
    }
  } finally {
    await server.stop();
    await pool.end();
  }
}

async function webhook(): Promise<void> {
  const { signLikeStripe } = await import('../../lib/server/stripe');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await machine(pool);
  const debtors = await sampleAccounts(pool, 'balance_kopecks > 100000', 5000);
  const onList = await pool.query<{ number: string }>(
    `SELECT a.number FROM call_list_entry e JOIN account a ON a.id = e.account_id
      WHERE e.removed_at IS NULL ORDER BY random() LIMIT 30`,
  );
  const key = `kvp_bench_${randomBytes(20).toString('hex')}`;
  await pool.query(
    `INSERT INTO dialer_api_key (name, prefix, key_hash) VALUES ('Benchmark', $1, $2)`,
    [apiKeyPrefix(key) + randomBytes(3).toString('hex'), hashApiKey(key)],
  );
  const server = await startBenchServer({ databaseUrl: databaseUrl as string, port });
  const post = (event: unknown) => {
    const body = JSON.stringify(event);
    return fetch(`${server.url}/api/webhooks/stripe`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'stripe-signature': signLikeStripe(body) },
    });
  };
  try {
    await runLoad({
      label: 'warm-up',
      concurrency: 2,
      seconds: 3,
      request: (_w, n) => post(checkoutCompleted(debtors[n % debtors.length] ?? '', 2_000)),
    });
    console.log(
      `\nStripe webhook (signed checkout.session.completed, 20.00 UAH partial payments), ${seconds} s per level`,
    );
    for (const concurrency of levels) {
      console.log(
        formatLoad(
          await runLoad({
            label: 'baseline: GET /api/health',
            concurrency,
            seconds,
            request: () => fetch(`${server.url}/api/health`),
          }),
        ),
      );
      console.log(
        formatLoad(
          await runLoad({
            label: 'POST /api/webhooks/stripe',
            concurrency,
            seconds,
            request: (worker, n) =>
              post(checkoutCompleted(debtors[(worker * 7919 + n) % debtors.length] ?? '', 2_000)),
          }),
        ),
      );
    }

    console.log(
      '\nFrom the webhook 2xx to the removal in the dialer changes feed (full payments of debtors on the list)',
    );
    const auth = { authorization: `Bearer ${key}` };
    let visibleAtOnce = 0;
    const gaps: number[] = [];
    for (const { number } of onList.rows) {
      const head = (await (
        await fetch(`${server.url}/api/v1/call-list/changes?after=0&limit=1`, { headers: auth })
      ).json()) as { cursor: string };
      const { rows } = await pool.query<{ balance: number }>(
        'SELECT balance_kopecks AS balance FROM account WHERE number = $1',
        [number],
      );
      const balance = rows[0]?.balance ?? 0;
      const cursor =
        (
          await pool.query<{ c: string }>(
            'SELECT coalesce(max(id),0)::text AS c FROM call_list_event',
          )
        ).rows[0]?.c ?? head.cursor;
      const response = await post(checkoutCompleted(number, balance));
      const acknowledged = performance.now();
      if (!response.ok) continue;
      for (let attempt = 0; attempt < 50; attempt++) {
        const page = (await (
          await fetch(`${server.url}/api/v1/call-list/changes?after=${cursor}`, { headers: auth })
        ).json()) as {
          changes: { accountNumber: string; action: string }[];
        };
        if (page.changes.some((c) => c.accountNumber === number && c.action === 'REMOVED')) {
          if (attempt === 0) visibleAtOnce++;
          gaps.push(performance.now() - acknowledged);
          break;
        }
      }
    }
    gaps.sort((a, b) => a - b);
    console.log(
      `  ${onList.rows.length} full payments: removal in the feed on the first poll after the 2xx for ${visibleAtOnce}; ` +
        `2xx → feed answer with the removal: median ${(gaps[Math.floor(gaps.length / 2)] ?? Number.NaN).toFixed(1)} ms, max ${(gaps.at(-1) ?? Number.NaN).toFixed(1)} ms`,
    );
  } finally {
    await server.stop();
    await pool.end();
  }
}

/**
 * SMS reminders (issue 8): `--accounts` (default 60,000) debtors are switched to SMS with their
 * primary mobile, then two workers (two runReminders on their own connection pools, in this
 * process) plan and send every one through the quiet `log` transport. Baseline: a bare
 * INSERT … SELECT of the same rows into a temp table. Reports time to plan, total time,
 * messages per second, peak RSS and duplicates (rows, not logs).
 */
async function reminders(): Promise<void> {
  const wanted = Number(values.accounts ?? '60000');
  // A working-day morning in Kyiv, so the run is inside the sending window.
  // Tuesday 2 March 2027, 10:00 Kyiv: every unpaid bill of the seeded data is overdue by then.
  const at = new Date(values.now ?? '2027-03-02T08:00:00Z');
  const { runReminders } = await import('../../lib/domain/reminders/run-reminders');
  const { createPrismaClient } = await import('../../lib/server/db');
  const { createLogTransport } = await import('../../lib/server/sms/transport');
  const { getSendingCalendar } = await import('../../lib/server/env');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await machine(pool);
  // Exactly `wanted` accounts get SMS: overdue debtors (they owe more than their two newest
  // accruals, which are not yet due) with a callable mobile and no open dispute.
  await pool.query(
    `UPDATE account SET contact_preference = 'CALLS', sms_phone_e164 = NULL
      WHERE contact_preference = 'SMS'`,
  );
  const setup = await timed(
    `  setup: ${wanted} overdue debtors choose SMS (their primary mobile)`,
    () =>
      pool.query(
        `WITH chosen AS (
         SELECT a.id, ph.e164
           FROM account a
           JOIN LATERAL (SELECT p.e164 FROM phone p
                          WHERE p.account_id = a.id AND p.kind = 'MOBILE' AND p.callable
                          ORDER BY p.is_primary DESC, p.id LIMIT 1) ph ON true
          WHERE a.status = 'ACTIVE' AND a.balance_kopecks > coalesce(
                  (SELECT sum(l.amount_kopecks) FROM ledger_entry l
                    WHERE l.account_id = a.id AND l.kind = 'ACCRUAL'
                      AND l.period_month > ($2::date - interval '2 months')), 0)
            AND NOT EXISTS (SELECT 1 FROM dispute d WHERE d.account_id = a.id
                             AND d.status IN ('OPEN', 'IN_REVIEW'))
          ORDER BY a.id LIMIT $1
       ), phones AS (
         UPDATE phone p SET verified_at = now(), sms_failed_at = NULL
           FROM chosen c WHERE p.account_id = c.id AND p.e164 = c.e164
       )
       UPDATE account a SET contact_preference = 'SMS', sms_phone_e164 = c.e164
         FROM chosen c WHERE a.id = c.id`,
        [wanted, `${kyivMonthOf(at)}-01`],
      ),
  );
  console.log(`    → ${setup.value.rowCount} accounts now get SMS`);
  // A scratch database: forget the reminders (and their messages) of earlier benchmark runs.
  await pool.query(
    `DELETE FROM sms_reminder WHERE planned_at >= $1::timestamptz - interval '8 days'`,
    [at],
  );
  await pool.query(
    `DELETE FROM sms_message WHERE kind = 'REMINDER' AND created_at >= $1::timestamptz - interval '8 days'`,
    [at],
  );

  console.log('\nReminders');
  await timed(
    `  baseline: INSERT … SELECT of the same rows into a temp table (bare SQL)`,
    async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `CREATE TEMP TABLE bench_sms ON COMMIT DROP AS
         SELECT a.id AS account_id, a.sms_phone_e164 AS phone, 'Борг ' || a.balance_kopecks AS body
           FROM account a WHERE a.contact_preference = 'SMS' AND a.balance_kopecks > 0`,
        );
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    },
  );
  const quiet = createLogTransport(() => {});
  const workers = [
    createPrismaClient(databaseUrl as string, 4),
    createPrismaClient(databaseUrl as string, 4),
  ];
  const rssBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const runs = await Promise.all(
    workers.map((prisma, i) =>
      runReminders(prisma, {
        worker: `bench-${i + 1}`,
        rules,
        calendar: getSendingCalendar(),
        transport: quiet,
        payUrl: (accountId) => `https://kvp.ua/p/bench${accountId}`,
        now: () => at,
      }),
    ),
  );
  const totalMs = performance.now() - started;
  const sent = runs.reduce((sum, r) => sum + r.sent, 0);
  const planMs = Math.max(...runs.map((r) => r.planMs));
  const planEach = runs.map((r) => (r.planMs / 1000).toFixed(2)).join(' s, ');
  console.log(
    `  two workers: plan ${(planMs / 1000).toFixed(2)} s (each: ${planEach} s), plan + send ${(totalMs / 1000).toFixed(2)} s; ` +
      `${sent} sent (${runs.map((r) => r.sent).join(' + ')}), ${(sent / (totalMs / 1000)).toFixed(0)} messages/s`,
  );
  console.log(`    runs: ${JSON.stringify(runs.map(({ planMs: _p, ...r }) => r))}`);
  const { rows } = await pool.query<{ n: number; accounts: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT account_id)::int AS accounts
       FROM sms_message WHERE kind = 'REMINDER' AND sent_at = $1`,
    [at],
  );
  const counted = rows[0];
  console.log(
    `  sms_message rows at that instant: ${counted?.n}, accounts ${counted?.accounts}, duplicates ${(counted?.n ?? 0) - (counted?.accounts ?? 0)}`,
  );
  console.log(
    `  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (before the run ${(rssBefore / 1024).toFixed(0)} MiB)`,
  );
  await Promise.all(workers.map((prisma) => prisma.$disconnect()));
  await pool.end();
}

/** How staff type what they see: "Сумська 12А" for "вул. Сумська", house "12А". */
function typedAddress(street: string, houseNumber: string): string {
  return `${street.replace(/^(вул|просп|пров|пл|бульв)\.\s*/u, '')} ${houseNumber}`;
}

/** "+380501234567" as it is read out over the phone: "050 123 45 67". */
function spokenPhone(e164: string): string {
  const national = e164.startsWith('+380') ? `0${e164.slice(4)}` : e164;
  return national.replace(/^(\d{3})(\d{3})(\d{2})(\d{2})$/, '$1 $2 $3 $4');
}

/**
 * The staff console's account search: `searchAccounts` (kind `auto`, page 1 of 25) through the
 * app's own Prisma client (getPrisma), for queries taken from the data: a 4–6 letter fragment of
 * a random holder's surname, a random building's street and house as typed ("Сумська 12А"), a
 * random phone read out ("050 123 45 67"), a random account number with spaces. Beside it, the
 * public lookup (`lookupAccount`, called directly the same way) and, when a build exists, the
 * lookup API over HTTP (GET /api/v1/accounts/{n}). Read-only.
 */
async function staffSearch(): Promise<void> {
  const { getPrisma } = await import('../../lib/server/db');
  const { searchAccounts } = await import('../../lib/domain/staff/search-accounts');
  const { lookupAccount } = await import('../../lib/domain/accounts/lookup-account');
  const { formatAccountNumber } = await import('../../lib/domain/accounts/account-number');
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const scheme = getAccountNumberScheme();
  const prisma = getPrisma();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await machine(pool);
  const SAMPLE = 400;
  const sample = async <T>(sql: string): Promise<T[]> =>
    (await pool.query<T & pg.QueryResultRow>(sql)).rows;

  type Probe = { query: string; accountId: number | null; expect: string };
  const surnames = await sample<{ id: number; holder_name: string }>(
    `SELECT id, holder_name FROM account ORDER BY random() LIMIT ${SAMPLE}`,
  );
  const buildings = await sample<{ street: string; house_number: string }>(
    `SELECT street, house_number FROM building ORDER BY random() LIMIT ${SAMPLE}`,
  );
  const phones = await sample<{ account_id: number; e164: string }>(
    `SELECT account_id, e164 FROM phone ORDER BY random() LIMIT ${SAMPLE}`,
  );
  const numbers = await sample<{ id: number; number: string }>(
    `SELECT id, number FROM account ORDER BY random() LIMIT ${SAMPLE}`,
  );
  const probes: Record<string, Probe[]> = {
    name: surnames.map((row, i) => {
      const surname = row.holder_name.split(' ')[0] ?? row.holder_name;
      // Staff type the first letters: 4, 5 or 6 of them.
      const length = Math.min(surname.length, 4 + (i % 3));
      return { query: surname.slice(0, length), accountId: null, expect: 'name' };
    }),
    address: buildings.map((row) => ({
      query: typedAddress(row.street, row.house_number),
      accountId: null,
      expect: 'address',
    })),
    phone: phones.map((row) => ({
      query: spokenPhone(row.e164),
      accountId: row.account_id,
      expect: 'phone',
    })),
    number: numbers.map((row) => ({
      query: formatAccountNumber(row.number),
      accountId: row.id,
      expect: 'number',
    })),
  };
  for (const [kind, list] of Object.entries(probes)) {
    console.log(
      `  ${kind}: e.g. ${list
        .slice(0, 3)
        .map((probe) => `"${probe.query}"`)
        .join(', ')}`,
    );
  }

  const search = async (probe: Probe): Promise<boolean> => {
    const result = await searchAccounts(prisma, {
      query: probe.query,
      kind: 'auto',
      page: 1,
      pageSize: 25,
      scheme,
    });
    if (result.kind !== probe.expect) return false;
    if (probe.accountId === null) return result.rows.length > 0;
    return result.rows.some((row) => row.accountId === probe.accountId);
  };
  const lookupNumbers = numbers.map((row) => row.number);
  const lookup = async (n: number): Promise<boolean> => {
    const summary = await lookupAccount(prisma, {
      accountNumber: lookupNumbers[n % lookupNumbers.length] ?? '',
      scheme,
      rules,
    });
    return summary.accountNumber !== '';
  };

  // Warm-up: every kind once over, then a few seconds of mixed load.
  for (const list of Object.values(probes)) {
    for (const probe of list.slice(0, 20)) await search(probe);
  }
  const kinds = Object.keys(probes);
  await runClosedLoop({
    label: 'warm-up',
    concurrency: 4,
    seconds: 3,
    work: (worker, n) => {
      const list = probes[kinds[(worker + n) % kinds.length] ?? 'name'] ?? [];
      return search(list[(worker * 7919 + n) % list.length] as Probe);
    },
  });

  const results: ClosedLoopResult[] = [];
  console.log(
    `\nStaff search: searchAccounts (auto, page 1 of 25) through getPrisma(), ${seconds} s per cell. ` +
      '"found": the search ran as the intended kind and found the sampled account (name, address: any row).',
  );
  console.log(CLOSED_LOOP_TABLE_HEADER);
  for (const kind of kinds) {
    const list = probes[kind] ?? [];
    for (const concurrency of searchLevels) {
      const result = await runClosedLoop({
        label: `searchAccounts: ${kind}`,
        concurrency,
        seconds,
        work: (worker, n) => search(list[(worker * 7919 + n) % list.length] as Probe),
      });
      results.push(result);
      console.log(formatClosedLoopRow(result));
    }
  }
  for (const concurrency of searchLevels) {
    const result = await runClosedLoop({
      label: 'baseline: lookupAccount (direct)',
      concurrency,
      seconds,
      work: (worker, n) => lookup(worker * 7919 + n),
    });
    results.push(result);
    console.log(formatClosedLoopRow(result));
  }

  const root = path.resolve(import.meta.dirname, '../..');
  if (!existsSync(path.join(root, '.next/BUILD_ID'))) {
    console.log(
      'baseline over HTTP skipped: no build (`npm run build` first); the baseline above calls lookupAccount directly.',
    );
  } else {
    const server = await startBenchServer({ databaseUrl: databaseUrl as string, port });
    try {
      const get = async (worker: number, n: number) => {
        const response = await fetch(
          `${server.url}/api/v1/accounts/${lookupNumbers[(worker * 7919 + n) % lookupNumbers.length]}`,
          { headers: { 'x-forwarded-for': `10.${worker}.${(n >> 8) & 255}.${n & 255}` } },
        );
        await response.arrayBuffer();
        return response.ok;
      };
      await runClosedLoop({ label: 'warm-up', concurrency: 4, seconds: 3, work: get });
      for (const concurrency of searchLevels) {
        const result = await runClosedLoop({
          label: 'baseline: GET /api/v1/accounts/{n}',
          concurrency,
          seconds,
          work: get,
        });
        console.log(formatClosedLoopRow(result));
      }
    } finally {
      await server.stop();
    }
  }
  const missed = results.filter((r) => r.label.startsWith('searchAccounts') && r.p95 >= 100);
  console.log(
    missed.length === 0
      ? '\naim met: p95 under 100 ms for every kind at every level'
      : `\naim missed (p95 ≥ 100 ms): ${missed.map((r) => `${r.label} c=${r.concurrency}`).join(', ')}`,
  );
  await prisma.$disconnect();
  await pool.end();
}

/**
 * The kept arrears state (issue 14, first step): the call-list evaluation of every account
 * reading each account's debits by month from account_month_debit, beside the same evaluation
 * reading them from the ledger (the previous way, kvp_debit_month over ledger_entry) in the same
 * run, and the time `npm run db:verify` takes. Read-only.
 */
async function arrearsState(): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await machine(pool);
  const now = new Date(values.now ?? new Date().toISOString());
  const params = callListParams(now, rules, 'ALL');
  const fromLedger = EVALUATE_CALL_LIST_SQL.replaceAll(
    debitsByMonthSql('s.id'),
    debitsByMonthSql('s.id', '9223372036854775807'),
  );
  if (fromLedger === EVALUATE_CALL_LIST_SQL) throw new Error('could not build the ledger variant');
  const count = async (sql: string) => {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, [
      ...params,
    ]);
    return rows[0]?.n ?? 0;
  };
  await pool.query('SELECT 1');
  const ledger = await timed('baseline: evaluate every account, debits from the ledger', () =>
    count(fromLedger),
  );
  const state = await timed('evaluate every account, debits from account_month_debit', () =>
    count(EVALUATE_CALL_LIST_SQL),
  );
  if (ledger.value !== state.value)
    throw new Error(`row counts differ: ${ledger.value} vs ${state.value}`);
  console.log(`ratio: ${(state.ms / ledger.ms).toFixed(2)} (${state.value} accounts evaluated)`);
  const client = await pool.connect();
  try {
    const verified = await timed('db:verify (recompute the state from the ledger)', () =>
      verifyArrearsState(client),
    );
    console.log(
      `mismatches: ${verified.value.monthDebits.length} month debits, ${verified.value.balances.length} balances`,
    );
  } finally {
    client.release();
  }
  await pool.end();
}

/** Every aim of issue 14 in one run: one summary table, also written as JSON (all.ts). */
async function all(): Promise<void> {
  const { reportAll, runAll } = await import('./all');
  const started = new Date().toISOString();
  const concurrency = Number(values.concurrency ?? '8');
  const rows = await runAll({
    databaseUrl: databaseUrl as string,
    port,
    seconds,
    concurrency,
    rules,
    seedLog: values['seed-log'],
    lighthouseRuns: Math.max(1, Number(values['lighthouse-runs']) || 1),
    skipClose: values['skip-close'],
  });
  reportAll(rows, {
    started,
    finished: new Date().toISOString(),
    command: process.argv.slice(2).join(' '),
    seconds,
    concurrency,
    cpus: (await import('node:os')).cpus().length,
  });
}

async function plans(): Promise<void> {
  const { benchPlans } = await import('./plans');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await machine(pool);
  await pool.end();
  await benchPlans({
    databaseUrl: databaseUrl as string,
    rules,
    now: values.now ? new Date(values.now) : new Date(),
    plans: Number(values.plans),
    rounds: Number(values.rounds),
    log: (line) => console.log(line),
  });
}

/** The collections dashboard (issue 10, part 5): backfill, refresh, page queries (dashboard.ts). */
async function dashboard(): Promise<void> {
  const { benchDashboard } = await import('./dashboard');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await machine(pool);
  await pool.end();
  await benchDashboard({
    databaseUrl: databaseUrl as string,
    rules,
    now: values.now ? new Date(values.now) : new Date(),
    samples: Number(values.samples),
    log: (line) => console.log(line),
  });
}

/** Bank payment imports (issue 10, part 3): a 100,000-row registry beside a bare COPY (imports.ts). */
async function paymentImport(): Promise<void> {
  const { benchImport } = await import('./imports');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await machine(pool);
  await pool.end();
  await benchImport({
    databaseUrl: databaseUrl as string,
    rules,
    rows: Number(values.rows),
    log: (line) => console.log(line),
  });
}

const commands: Record<string, () => Promise<void>> = {
  import: paymentImport,
  all,
  plans,
  dashboard,
  'arrears-state': arrearsState,
  billing,
  lookup,
  webhook,
  reminders,
  'staff-search': staffSearch,
};
const run = commands[command];
if (!run) {
  console.error(`unknown benchmark ${command}`);
  process.exit(2);
}
await run();
