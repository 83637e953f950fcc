/**
 * `npm run bench -- import`: a bank registry of `rows` rows (default 100,000) of real account
 * numbers imported into a copy of the 600,000-account database, as the job does it
 * (createPaymentImport stores and inspects the file, runPaymentImport books it in batches of
 * 1,000, each one transaction through the ledger's set-based postPayments), beside a bare COPY
 * of the same rows into a temp table in the same run (psql's \copy, COPY FROM STDIN). Prints
 * the elapsed seconds, rows/s and this process's peak RSS. It MUTATES the database (bookings,
 * call-list removals): run it on a scratch copy.
 *
 * The registry, in UTF-8 with `;`: 40 % debtors on the call list paying their whole balance (they
 * leave the list), 40 % other accounts in debt paying part of it, 19 % any account, 1 % refused
 * rows (a wrong check digit); every reference new, paid yesterday.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { kyivDay } from '../../lib/dates';
import type { BillingRules } from '../../lib/domain/billing-rules';

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

/** A registry line per sampled account (see above), and the file's bytes. */
async function sampleRegistry(pool: pg.Pool, rows: number, tag: string) {
  const part = (share: number) => Math.round(rows * share);
  const sample = async (sql: string, limit: number, kind: string) =>
    (
      await pool.query<{ number: string; balance: number }>(`${sql} ORDER BY random() LIMIT $1`, [
        limit,
      ])
    ).rows.map((row) => ({ ...row, kind }));
  const listed = await sample(
    `SELECT a.number, a.balance_kopecks AS balance
       FROM call_list_entry e JOIN account a ON a.id = e.account_id WHERE e.removed_at IS NULL`,
    part(0.4),
    'listed',
  );
  // Other debtors make up 80 % with the listed ones (more of them when the list is short).
  const debtors = await sample(
    `SELECT number, balance_kopecks AS balance FROM account
      WHERE balance_kopecks > 0
        AND id NOT IN (SELECT account_id FROM call_list_entry WHERE removed_at IS NULL)`,
    part(0.8) - listed.length,
    'debtor',
  );
  const anyone = await sample(
    'SELECT number, balance_kopecks AS balance FROM account',
    rows - listed.length - debtors.length,
    'any',
  );
  const sampled = [...listed, ...debtors, ...anyone];
  const paidAt = kyivDay(new Date(Date.now() - 24 * 3600_000));
  const uah = (kopecks: number) =>
    `${Math.floor(kopecks / 100)},${String(kopecks % 100).padStart(2, '0')}`;
  const lines = sampled.map((row, i) => {
    const amount =
      row.kind === 'listed'
        ? Math.min(Math.max(row.balance, 100), 10_000_000)
        : row.kind === 'debtor'
          ? Math.max(Math.floor(row.balance / 2), 100)
          : 10_000 + ((i * 7919) % 200_000);
    // 1 %: a mistyped last digit.
    const number =
      i % 100 === 99
        ? `${row.number.slice(0, -1)}${(Number(row.number.at(-1)) + 1) % 10}`
        : row.number;
    return `${number};${uah(amount)};${paidAt};Платник ${i};BENCH-${tag}-${i}`;
  });
  const text = `Особовий рахунок;Сума;Дата;Платник;Референс\r\n${lines.join('\r\n')}\r\n`;
  return { bytes: new TextEncoder().encode(text), listed: listed.length };
}

export async function benchImport(options: {
  databaseUrl: string;
  rules: BillingRules;
  rows: number;
  log: (line: string) => void;
}): Promise<void> {
  const { createPaymentImport } = await import('../../lib/domain/imports/create-payment-import');
  const { runPaymentImport } = await import('../../lib/domain/imports/run-payment-import');
  const { createPrismaClient } = await import('../../lib/server/db');
  const { getAccountNumberScheme } = await import('../../lib/server/env');
  const { enqueueInTransaction, JOBS } = await import('../../lib/server/jobs/queue');
  const { log } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const prisma = createPrismaClient(options.databaseUrl, 4);
  const tag = Date.now().toString(36);
  try {
    const rssStart = process.resourceUsage().maxRSS;
    const registry = await sampleRegistry(pool, options.rows, tag);
    log(
      `registry: ${options.rows} rows, ${(registry.bytes.byteLength / (1024 * 1024)).toFixed(1)} MiB (UTF-8, ;), ${registry.listed} from the call list`,
    );
    const onListBefore = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM call_list_entry WHERE removed_at IS NULL',
    );

    // Baseline: the same bytes into an unindexed temp table with COPY FROM STDIN.
    const dir = mkdtempSync(path.join(tmpdir(), 'kvp-import-'));
    const file = path.join(dir, 'registry.csv');
    writeFileSync(file, registry.bytes);
    const copyStarted = performance.now();
    const copied = spawnSync(
      'psql',
      [
        options.databaseUrl,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        'CREATE TEMP TABLE registry_copy (account text, amount text, paid_at text, payer text, reference text)',
        '-c',
        `\\copy registry_copy FROM '${file}' WITH (FORMAT csv, DELIMITER ';', HEADER true)`,
      ],
      { encoding: 'utf8' },
    );
    const copyMs = performance.now() - copyStarted;
    rmSync(dir, { recursive: true, force: true });
    if (copied.status !== 0) throw new Error(`psql \\copy failed: ${copied.stderr}`);
    log(
      `baseline: bare COPY of the rows into a temp table (psql \\copy)  ${s(copyMs)}  (${copied.stdout.trim().split('\n').at(-1)})`,
    );

    const [admin] = (
      await pool.query<{ id: number }>(
        `SELECT id FROM staff_user WHERE role = 'ADMIN' AND active ORDER BY id LIMIT 1`,
      )
    ).rows;
    if (!admin) throw new Error('no ADMIN staff member in this database (seed one)');
    const uploadStarted = performance.now();
    const created = await createPaymentImport(
      prisma,
      { staffUserId: admin.id, role: 'ADMIN' },
      {
        fileName: `bench-${tag}.csv`,
        bytes: registry.bytes,
        maxBytes: 64 * 1024 * 1024,
        enqueueImport: async () => {}, // run directly below, as the job would
      },
    );
    const uploadMs = performance.now() - uploadStarted;
    log(
      `upload: inspect (encoding, columns, ${created.rowsTotal} rows) and store      ${s(uploadMs)}`,
    );

    let rssDuring = 0;
    let heapDuring = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const summary = await runPaymentImport(prisma, {
      onBatch: () => {
        const usage = process.memoryUsage();
        rssDuring = Math.max(rssDuring, usage.rss);
        heapDuring = Math.max(heapDuring, usage.heapUsed);
      },
      importId: created.importId,
      rules: options.rules,
      scheme: getAccountNumberScheme(),
      enqueuePaymentConfirmation: (tx, job) =>
        enqueueInTransaction(tx, JOBS.paymentConfirmation, job),
    });
    const importMs = performance.now() - started;
    const onListAfter = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM call_list_entry WHERE removed_at IS NULL',
    );
    log(
      `runPaymentImport (the job: 1,000-row batch transactions)         ${s(importMs)}  ${Math.round(summary.rowsDone / (importMs / 1000))} rows/s`,
    );
    log(
      `  → ${summary.status}: ${summary.booked} booked (${(summary.bookedKopecks / 100).toFixed(2)} UAH), ${summary.duplicates} duplicates, ${summary.refused} refused, ${summary.removedFromCallList} taken off the call list (on the list: ${onListBefore.rows[0]?.n} → ${onListAfter.rows[0]?.n})`,
    );
    log(
      `  upload + import: ${s(uploadMs + importMs)}; ratio import / COPY: ${(importMs / copyMs).toFixed(1)}`,
    );
    const peak = process.resourceUsage().maxRSS;
    log(
      `  peak RSS of this process: ${mib(peak)} (before the run ${mib(rssStart)}); RSS during the import, the largest after any batch: ${mib(rssDuring / 1024)}`,
    );
    log(
      `  JS heap in use: ${mib(heapBefore / 1024)} before the import (the registry and its sample are still held), at most ${mib(heapDuring / 1024)} after any batch`,
    );
    log(importMs < 60_000 ? 'aim met: under 60 s' : 'aim missed: 60 s or more');
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}
