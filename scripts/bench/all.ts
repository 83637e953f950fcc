/**
 * `npm run bench -- all --database-url URL`: every aim of issue 14 in one run, each figure beside
 * a baseline measured in the same run, printed as one table and written as JSON under
 * bench-results/. MUTATES the database (closes the next billing month, books webhook payments):
 * run it on a scratch copy of generated data, 600,000 accounts for the figures in
 * docs/benchmarks.md.
 *
 * Order: the database work first (period close, call-list rebuild) on a quiet machine; then the
 * HTTP pairs at concurrency 8, each measured right after its baseline (the trivial route of a
 * minimal Next.js app, same Next version, no proxy, no database); then the CSV call list with
 * the server's memory sampled from /proc; then Lighthouse on the statement page beside the
 * portal's own baseline page, when the lighthouse package is installed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addMonths, monthKeyOfDate } from '../../lib/dates';
import type { BillingRules } from '../../lib/domain/billing-rules';
import {
  callListParams,
  EVALUATE_CALL_LIST_SQL,
} from '../../lib/domain/call-list/evaluate-call-list-sql';
import { apiKeyPrefix, hashApiKey } from '../../lib/domain/dialer/api-key-hash';
import { accrualIntoTempTable, checkoutCompleted } from './baselines';
import { type LoadResult, runLoad } from './http-load';
import { startBenchServer, startTrivialServer } from './server';

export type SummaryRow = {
  work: string;
  /** The figure, as printed. */
  figure: string;
  baseline: string;
  /** figure ÷ baseline (times, or a share of the baseline's throughput); null when none. */
  ratio: number | null;
  aim: string;
  /** null: not measured in this run (say why in `note`). */
  met: boolean | null;
  note?: string;
};

type Options = {
  databaseUrl: string;
  port: number;
  seconds: number;
  concurrency: number;
  rules: BillingRules;
  /** A captured `npm run db:seed` output to report the seed's time and load from. */
  seedLog?: string;
  lighthouseRuns: number;
  /** Measure the HTTP, CSV and Lighthouse aims only (the database keeps its next month open). */
  skipClose?: boolean;
};

const root = path.resolve(import.meta.dirname, '../..');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (r: LoadResult) =>
  `${r.perSecond.toFixed(0)} req/s, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ''}`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

/** The server's resident set size in bytes, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib ?? 0) * 1024;
}

export async function runAll(options: Options): Promise<SummaryRow[]> {
  const rows: SummaryRow[] = [];
  const log = (line: string) => console.log(line);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3 });
  const facts = (
    await pool.query<{ accounts: number; ledger: string; size: string; on_list: number }>(
      `SELECT (SELECT count(*)::int FROM account) AS accounts,
              (SELECT reltuples::bigint::text FROM pg_class WHERE relname = 'ledger_entry') AS ledger,
              pg_size_pretty(pg_database_size(current_database())) AS size,
              (SELECT count(*)::int FROM call_list_entry WHERE removed_at IS NULL) AS on_list`,
    )
  ).rows[0];
  log(
    `data: ${facts?.accounts} accounts, ~${facts?.ledger} ledger rows, ${facts?.on_list} on the call list, ${facts?.size}; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  // ── Seed (from its captured output: the seed is not re-run here) ──
  if (options.seedLog) {
    const text = readFileSync(options.seedLog, 'utf8');
    const done =
      /\[seed\] done: (\d+) accounts.* in ([\d.]+) s;.*?(?:load average ([\d. ]+))?$/m.exec(text);
    const phases = new Set(
      [...text.matchAll(/^\[seed\] (accounts|index|foreign key|building|vacuum|call list)/gm)].map(
        (m) => m[1],
      ),
    );
    rows.push({
      work: `seed, ${done?.[1] ?? '?'} accounts (${options.seedLog})`,
      figure: done ? `${(Number(done[2]) / 60).toFixed(1)} min` : 'no "done" line',
      baseline: '—',
      ratio: null,
      aim: 'progress in every phase; time and load recorded',
      met: done !== null && phases.size >= 5,
      note: `phases reported: ${[...phases].join(', ')}; load average at the end ${done?.[3]?.trim() ?? '?'}`,
    });
  }

  // ── Period close and call-list rebuild ──
  if (!options.skipClose) await closeAndRebuild(options, pool, rows, log);
  await httpAndPages(options, pool, rows, log);
  return rows;
}

async function closeAndRebuild(
  options: Options,
  pool: pg.Pool,
  rows: SummaryRow[],
  log: (line: string) => void,
): Promise<void> {
  const { closeBillingPeriod } = await import('../../lib/domain/billing/close-billing-period');
  const { rebuildCallList } = await import('../../lib/domain/call-list/rebuild-call-list');
  const { createPrismaClient } = await import('../../lib/server/db');
  const prisma = createPrismaClient(options.databaseUrl, 4);
  try {
    const last = await pool.query<{ month: Date | null }>(
      `SELECT max(month) AS month FROM billing_period WHERE status = 'CLOSED'`,
    );
    const lastMonth = last.rows[0]?.month;
    if (!lastMonth) throw new Error('no closed billing period: is this a seeded database?');
    const month = addMonths(monthKeyOfDate(lastMonth), 1);
    // 10:00 in Kyiv on the 1st of the next month: the month has ended, the close may run.
    const now = new Date(`${addMonths(month, 1)}-01T08:00:00Z`);
    const bare = await timed(() => accrualIntoTempTable(pool, month));
    log(`baseline: the accrual SELECT of ${month} into a bare temp table: ${s(bare.ms)}`);
    const close = await timed(() =>
      closeBillingPeriod(prisma, { month, now, rules: options.rules }),
    );
    const closed = close.value;
    log(
      `closeBillingPeriod(${month}) incl. the rebuild: ${s(close.ms)} (${closed.status === 'CLOSED' ? `${closed.linesAccrued} lines, ${closed.accountsAccrued} accounts` : closed.status})`,
    );
    const ratio = close.ms / bare.ms;
    rows.push({
      work: `closeBillingPeriod(${month}), incl. the call-list rebuild`,
      figure: s(close.ms),
      baseline: `accrual SELECT into a temp table ${s(bare.ms)}`,
      ratio,
      aim: 'under 30 s and within 15× the baseline',
      met: closed.status === 'CLOSED' && close.ms < 30_000 && ratio <= 15,
      note:
        closed.status === 'CLOSED'
          ? `${closed.linesAccrued} accrual lines; ${closed.callList.onList} on the list after`
          : closed.status,
    });

    const evaluation = await timed(() =>
      pool.query(
        `SELECT count(*) FILTER (WHERE reason = 'OVERDUE'), sum(overdue), max(overdue_months), count(phone)
           FROM (${EVALUATE_CALL_LIST_SQL}) x`,
        [...callListParams(now, options.rules, 'ALL')],
      ),
    );
    const rebuild = await timed(() => rebuildCallList(prisma, { asOf: now, rules: options.rules }));
    log(
      `rebuildCallList: ${s(rebuild.ms)} beside its read-only evaluation query ${s(evaluation.ms)}`,
    );
    rows.push({
      work: 'rebuildCallList (evaluate + apply, one transaction)',
      figure: s(rebuild.ms),
      baseline: `its evaluation query alone ${s(evaluation.ms)}`,
      ratio: rebuild.ms / evaluation.ms,
      aim: 'under 5 s',
      met: rebuild.ms < 5_000,
      note: `${rebuild.value.onList} on the list`,
    });
  } finally {
    await prisma.$disconnect();
  }
}

async function httpAndPages(
  options: Options,
  pool: pg.Pool,
  rows: SummaryRow[],
  log: (line: string) => void,
): Promise<void> {
  // ── HTTP at concurrency 8, each beside the trivial route measured just before it ──
  const numbers = (
    await pool.query<{ number: string }>('SELECT number FROM account ORDER BY random() LIMIT 5000')
  ).rows.map((row) => row.number);
  const debtors = (
    await pool.query<{ number: string }>(
      'SELECT number FROM account WHERE balance_kopecks > 100000 ORDER BY random() LIMIT 5000',
    )
  ).rows.map((row) => row.number);
  const dialerKey = `kvp_bench_${randomBytes(20).toString('hex')}`;
  await pool.query(
    `INSERT INTO dialer_api_key (name, prefix, key_hash) VALUES ('Benchmark (all)', $1, $2)`,
    [apiKeyPrefix(dialerKey) + randomBytes(3).toString('hex'), hashApiKey(dialerKey)],
  );
  const trivial = await startTrivialServer({ port: options.port + 1 });
  const portal = await startBenchServer({ databaseUrl: options.databaseUrl, port: options.port });
  try {
    const { signLikeStripe } = await import('../../lib/server/stripe');
    const webhookPost = (accountNumber: string) => {
      const body = JSON.stringify(checkoutCompleted(accountNumber, 2_000));
      return fetch(`${portal.url}/api/webhooks/stripe`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'stripe-signature': signLikeStripe(body) },
      });
    };
    const lookup = (worker: number, n: number) =>
      fetch(`${portal.url}/api/v1/accounts/${numbers[(worker * 7919 + n) % numbers.length]}`, {
        // Each request from its own client address: the per-client limiter stays in the path.
        headers: { 'x-forwarded-for': `10.${worker}.${(n >> 8) & 255}.${n & 255}` },
      });
    const targets = [
      {
        work: 'GET /api/health',
        request: () => fetch(`${portal.url}/api/health`),
        aim: '≥ 80 % of the trivial route’s req/s',
        met: (r: LoadResult, b: LoadResult) => r.perSecond >= 0.8 * b.perSecond,
      },
      {
        work: 'GET /api/v1/accounts/{n} (public lookup)',
        request: lookup,
        aim: '≥ 60 % of the trivial route’s req/s, p99 ≤ 2× its p99',
        met: (r: LoadResult, b: LoadResult) =>
          r.perSecond >= 0.6 * b.perSecond && r.p99 <= 2 * b.p99,
      },
      {
        work: 'POST /api/webhooks/stripe (signed, books a payment)',
        request: (worker: number, n: number) =>
          webhookPost(debtors[(worker * 7919 + n) % debtors.length] ?? ''),
        aim: '≥ 25 % of the trivial route’s req/s, p99 < 100 ms',
        met: (r: LoadResult, b: LoadResult) => r.perSecond >= 0.25 * b.perSecond && r.p99 < 100,
      },
    ];
    // Warm both servers (JIT, connection pools, the route's first compile).
    await runLoad({
      label: 'warm-up',
      concurrency: 4,
      seconds: 3,
      request: () => fetch(`${trivial.url}/ping`),
    });
    for (const target of targets)
      await runLoad({ label: 'warm-up', concurrency: 4, seconds: 3, request: target.request });
    const c = options.concurrency;
    for (const target of targets) {
      const base = await runLoad({
        label: 'trivial Next.js route GET /ping',
        concurrency: c,
        seconds: options.seconds,
        request: () => fetch(`${trivial.url}/ping`),
      });
      const result = await runLoad({
        label: target.work,
        concurrency: c,
        seconds: options.seconds,
        request: target.request,
      });
      log(`${target.work}, c=${c}: ${rate(result)} beside the trivial route's ${rate(base)}`);
      rows.push({
        work: `${target.work}, concurrency ${c}`,
        figure: rate(result),
        baseline: `trivial Next.js route ${rate(base)}`,
        ratio: result.perSecond / base.perSecond,
        aim: target.aim,
        met: result.errors === 0 && target.met(result, base),
      });
    }

    // ── The dialer's call list as CSV: streamed, time and the server's memory ──
    const bareList = await timed(() =>
      pool.query(
        `SELECT a.number, e.phone_e164, e.overdue_kopecks, e.overdue_months, e.added_at
           FROM call_list_entry e JOIN account a ON a.id = e.account_id
          WHERE e.removed_at IS NULL ORDER BY e.account_id`,
      ),
    );
    const rssBefore = rssOf(portal.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssOf(portal.pid));
    }, 20);
    const csv = await timed(async () => {
      const response = await fetch(`${portal.url}/api/v1/call-list`, {
        headers: { authorization: `Bearer ${dialerKey}`, accept: 'text/csv' },
      });
      if (!response.ok || !response.body) throw new Error(`call list: HTTP ${response.status}`);
      let lines = 0;
      let bytes = 0;
      let firstByteMs = 0;
      const started = performance.now();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines++;
      }
      return { entries: lines - 1, bytes, firstByteMs };
    });
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssOf(portal.pid));
    const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
    log(
      `GET /api/v1/call-list (CSV): ${csv.value.entries} entries, ${(csv.value.bytes / 1024 / 1024).toFixed(1)} MiB in ${s(csv.ms)} (first byte ${csv.value.firstByteMs.toFixed(0)} ms); server RSS ${(rssBefore / 1024 / 1024).toFixed(0)} → peak ${(rssPeak / 1024 / 1024).toFixed(0)} MiB`,
    );
    rows.push({
      work: `GET /api/v1/call-list as CSV, ${csv.value.entries} entries`,
      figure: `${s(csv.ms)}, RSS +${growthMb.toFixed(1)} MiB`,
      baseline: `the same rows in one bare SELECT ${s(bareList.ms)}`,
      ratio: csv.ms / bareList.ms,
      aim: 'streamed, under 3 s, server RSS growth under 100 MB',
      met: csv.ms < 3_000 && rssPeak - rssBefore < 100 * 1000 * 1000,
      note: `first byte after ${csv.value.firstByteMs.toFixed(0)} ms`,
    });

    // ── Lighthouse: the statement page beside the portal's baseline page ──
    let lighthouseInstalled = true;
    try {
      await import('lighthouse' as string);
    } catch {
      lighthouseInstalled = false;
    }
    if (!lighthouseInstalled) {
      rows.push({
        work: 'statement page, Lighthouse mobile',
        figure: 'not measured',
        baseline: '—',
        ratio: null,
        aim: 'score ≥ 0.95, LCP ≤ 2.0 s',
        met: null,
        note: 'npm install --no-save lighthouse@12.2.3, then run again',
      });
    } else {
      const { measurePages, PAGES } = await import('./lighthouse');
      const pages = PAGES.filter(
        (p) => p.path === '/bench-baseline' || p.path === '/account/statement',
      );
      const [base, statement] = await measurePages({
        baseUrl: portal.url,
        pages,
        runs: options.lighthouseRuns,
      });
      if (!base || !statement) throw new Error('Lighthouse measured no pages');
      const f = statement.figures;
      log(
        `statement page: score ${f.score.toFixed(2)}, LCP ${s(f.lcpMs)} beside the baseline page's ${base.figures.score.toFixed(2)}, ${s(base.figures.lcpMs)}`,
      );
      rows.push({
        work: 'statement page (/account/statement), Lighthouse mobile',
        figure: `score ${f.score.toFixed(2)}, LCP ${s(f.lcpMs)}, TBT ${Math.round(f.tbtMs)} ms`,
        baseline: `baseline page score ${base.figures.score.toFixed(2)}, LCP ${s(base.figures.lcpMs)}`,
        ratio: f.lcpMs / base.figures.lcpMs,
        aim: 'score ≥ 0.95, LCP ≤ 2.0 s',
        met: f.score >= 0.95 && f.lcpMs <= 2_000,
        note: `median of ${options.lighthouseRuns} runs; signed in as CALL_LIST_DEBTOR`,
      });
    }
  } finally {
    await portal.stop();
    await trivial.stop();
    await pool.end();
  }
}

/** Prints the summary table and writes it (with the machine's facts) as JSON. */
export function reportAll(rows: readonly SummaryRow[], meta: Record<string, unknown>): string {
  const header = ['work', 'figure', 'baseline', 'ratio', 'aim', 'met'];
  const cells = rows.map((row) => [
    row.work,
    row.figure,
    row.baseline,
    row.ratio === null ? '—' : row.ratio.toFixed(2),
    row.aim,
    row.met === null ? 'not measured' : row.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
  for (const row of rows) if (row.note) console.log(`  ${row.work}: ${row.note}`);
  const dir = path.join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `all-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
  console.log(`\nwritten: ${path.relative(root, file)}`);
  return file;
}
