/**
 * Payment imports on the real PostgreSQL server (issue 10): a registry with every kind of bad
 * row and its error report; Windows-1251 with `;` and UTF-8 with `,`; re-uploading the same
 * file and an overlapping one books nothing twice; a bank payment takes a debtor off the call
 * list (REMOVED, PAID) in the batch's transaction and queues the SMS for an account that chose
 * SMS; a crash mid-import, then a resume, books every row exactly once with exact counters; an
 * upload over the limit, an empty file, one without the columns, or by a non-admin writes
 * nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt, uniqueAccountNumber } from '@/test/factories';
import { createStaffUser } from '@/test/staff-factories';
import { windows1251 } from '@/test/windows-1251';
import { addMonths, kyivDay, kyivMonthOf } from '../../dates';
import { getPrisma, type Tx } from '../../server/db';
import { enqueueInTransaction, JOBS } from '../../server/jobs/queue';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME } from '../accounts/account-number';
import { isAppError } from '../app-error';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import type { StaffActor } from '../staff/staff-actor';
import { createPaymentImport } from './create-payment-import';
import { getPaymentImport } from './get-payment-import';
import { listPaymentImports } from './list-payment-imports';
import { paymentImportErrorsCsv } from './payment-import-errors-csv';
import { runPaymentImport } from './run-payment-import';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));
const today = kyivDay(new Date());
const yesterday = kyivDay(new Date(Date.now() - 24 * 3600_000));
const tomorrow = kyivDay(new Date(Date.now() + 26 * 3600_000));
const dotted = (day: string) => day.split('-').reverse().join('.');
const ref = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;
const enqueuePaymentConfirmation = (tx: Tx, job: { paymentId: number }) =>
  enqueueInTransaction(tx, JOBS.paymentConfirmation, job);
const enqueueImport = (tx: Tx, job: { importId: number }) =>
  enqueueInTransaction(tx, JOBS.paymentImport, job);

let adminActor: StaffActor | undefined;
async function admin(): Promise<StaffActor> {
  adminActor ??= await createStaffUser(prisma, 'ADMIN');
  return adminActor;
}

/** A debtor 6 × 500.00 UAH behind (3,000.00 UAH), on the call list unless it chose SMS. */
async function debtor(contactPreference: 'CALLS' | 'SMS' = 'CALLS') {
  const account = await createAccountWithDebt(prisma, {
    months: sixMonths,
    monthlyKopecks: 50_000,
    contactPreference,
  });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: account.accountId, rules: DEFAULT_RULES }),
  );
  return account;
}

const balance = async (accountId: number) =>
  (await prisma.account.findUniqueOrThrow({ where: { id: accountId } })).balanceKopecks;

function registry(header: string, lines: string[], delimiter = ';'): string {
  return `${[header, ...lines.map((cells) => cells.replaceAll('|', delimiter))].join('\r\n')}\r\n`;
}

async function upload(bytes: Uint8Array, fileName = 'registry.csv', maxBytes = 1 << 20) {
  return createPaymentImport(prisma, await admin(), { fileName, bytes, maxBytes, enqueueImport });
}

function run(importId: number, extra: Partial<Parameters<typeof runPaymentImport>[1]> = {}) {
  return runPaymentImport(prisma, {
    importId,
    rules: DEFAULT_RULES,
    scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
    enqueuePaymentConfirmation,
    ...extra,
  });
}

async function report(importId: number): Promise<string[]> {
  let text = '';
  for await (const line of await paymentImportErrorsCsv(prisma, await admin(), { importId })) {
    text += line;
  }
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
}

describe('importing a registry', () => {
  it('books the good rows like online payments and reports every bad row with its reason (Windows-1251, ;)', async () => {
    const a = await debtor();
    const b = await debtor();
    const refs = { a: ref('A'), b: ref('B'), dup: ref('D'), conflict: ref('C') };
    const text = registry('Особовий рахунок;Сума;Дата оплати;Платник;Референс', [
      `${a.accountNumber}|1234,56|${dotted(yesterday)}|Мельник Світлана|${refs.a}`, // booked
      `${b.accountNumber}|300.00|${today}||${refs.b}`, // booked (no payer)
      `${uniqueAccountNumber()}|100,00|${yesterday}|Хтось|${ref('U')}`, // UNKNOWN_ACCOUNT
      `1111111111|100,00|${yesterday}|Хтось|${ref('K')}`, // BAD_CHECK_DIGIT
      `${a.accountNumber}|0,00|${yesterday}|Нуль|${ref('Z')}`, // BAD_AMOUNT
      `${a.accountNumber}|-50,00|${yesterday}|Мінус|${ref('N')}`, // BAD_AMOUNT
      `${a.accountNumber}|100000,01|${yesterday}|Забагато|${ref('M')}`, // BAD_AMOUNT
      `${a.accountNumber}|100,00|${dotted(tomorrow)}|Завтра|${ref('F')}`, // BAD_DATE
      `${a.accountNumber}|100,00|31.02.2026|Лютий|${ref('X')}`, // BAD_DATE
      `${a.accountNumber}|100,00|${yesterday}|Без референсу|`, // MISSING_REFERENCE
      `${a.accountNumber}|200,00|${yesterday}|Перший|${refs.dup}`, // booked
      `${a.accountNumber}|200,00|${yesterday}|Перший|${refs.dup}`, // DUPLICATE (same data)
      `${b.accountNumber}|200,00|${yesterday}|Інший|${refs.dup}`, // DUPLICATE_REFERENCE
      `${b.accountNumber}|50,00|${yesterday}|Ще|${refs.conflict}`, // booked
    ]);
    const before = { a: await balance(a.accountId), b: await balance(b.accountId) };
    const created = await upload(windows1251(text), 'C:\\Bank\\реєстр 30.11.csv');
    expect(created.rowsTotal).toBe(14);
    const stored = await prisma.paymentImport.findUniqueOrThrow({
      where: { id: created.importId },
    });
    expect(stored).toMatchObject({
      fileName: 'реєстр 30.11.csv',
      encoding: 'windows-1251',
      delimiter: ';',
      status: 'QUEUED',
      rowsDone: 0,
    });
    const job = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'importId' = $2`,
      JOBS.paymentImport,
      String(created.importId),
    );
    expect(job[0]?.n).toBe(1);
    expect(
      await prisma.auditLog.count({
        where: { action: 'payment-import.upload', targetId: String(created.importId) },
      }),
    ).toBe(1);

    const summary = await run(created.importId, { batchRows: 4 });
    expect(summary).toMatchObject({
      status: 'COMPLETED',
      rowsTotal: 14,
      rowsDone: 14,
      booked: 4,
      duplicates: 1,
      refused: 9,
      bookedKopecks: 123_456 + 30_000 + 20_000 + 5_000,
    });
    expect(await balance(a.accountId)).toBe(before.a - 123_456 - 20_000);
    expect(await balance(b.accountId)).toBe(before.b - 30_000 - 5_000);
    const payment = await prisma.payment.findFirstOrThrow({
      where: { provider: 'BANK_IMPORT', providerPaymentId: refs.a },
      include: { ledgerEntries: true },
    });
    expect(payment).toMatchObject({
      accountId: a.accountId,
      amountKopecks: 123_456,
      status: 'SUCCEEDED',
      importId: created.importId,
      paidOn: new Date(`${yesterday}T00:00:00Z`),
      payerName: 'Мельник Світлана',
    });
    expect(payment.receiptNumber).toMatch(/^KP-\d{4}-\d{8,}$/);
    expect(payment.ledgerEntries.map((e) => [e.kind, e.amountKopecks])).toEqual([
      ['PAYMENT', -123_456],
    ]);

    const view = await getPaymentImport(prisma, await admin(), { importId: created.importId });
    expect(view.reasons).toEqual([
      { reason: 'DUPLICATE', rows: 1 },
      { reason: 'UNKNOWN_ACCOUNT', rows: 1 },
      { reason: 'BAD_CHECK_DIGIT', rows: 1 },
      { reason: 'BAD_AMOUNT', rows: 3 },
      { reason: 'BAD_DATE', rows: 2 },
      { reason: 'MISSING_REFERENCE', rows: 1 },
      { reason: 'DUPLICATE_REFERENCE', rows: 1 },
    ]);
    const listed = await listPaymentImports(prisma, await admin(), { page: 1, pageSize: 50 });
    expect(listed.rows.find((row) => row.id === created.importId)).toMatchObject({
      status: 'COMPLETED',
      booked: 4,
      uploadedBy: 'Test ADMIN',
    });
    const lines = await report(created.importId);
    expect(lines[0]).toBe('рядок,код причини,причина,рахунок,сума,дата,платник,референс');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(' '))).toEqual([
      '4 UNKNOWN_ACCOUNT',
      '5 BAD_CHECK_DIGIT',
      '6 BAD_AMOUNT',
      '7 BAD_AMOUNT',
      '8 BAD_AMOUNT',
      '9 BAD_DATE',
      '10 BAD_DATE',
      '11 MISSING_REFERENCE',
      '13 DUPLICATE',
      '14 DUPLICATE_REFERENCE',
    ]);
    // The cells as the file had them, through csvCell ("-50,00" could start a formula).
    expect(lines[1]).toMatch(
      /^4,UNKNOWN_ACCOUNT,немає такого особового рахунку,\d{10},"100,00",.*,Хтось,U-/,
    );
    expect(lines[4]).toContain(`,${a.accountNumber},"'-50,00",`);
    const duplicate = await prisma.paymentImportRow.findFirstOrThrow({
      where: { importId: created.importId, rowNumber: 13 },
    });
    const first = await prisma.payment.findFirstOrThrow({
      where: { provider: 'BANK_IMPORT', providerPaymentId: refs.dup },
    });
    expect(duplicate.paymentId).toBe(first.id);
  });

  it('reads UTF-8 with , and English headers, and books nothing twice on a re-upload or an overlapping one', async () => {
    const a = await debtor();
    const refs = [ref('R1'), ref('R2'), ref('R3')];
    const first = registry(
      'account,amount,paid_at,payer,bank_reference',
      [
        `${a.accountNumber}|100.00|${yesterday}|Payer|${refs[0]}`,
        `${a.accountNumber}|200.00|${yesterday}|Payer|${refs[1]}`,
      ],
      ',',
    );
    const before = await balance(a.accountId);
    const one = await upload(new TextEncoder().encode(first));
    expect(await run(one.importId)).toMatchObject({
      status: 'COMPLETED',
      booked: 2,
      duplicates: 0,
    });
    expect(await balance(a.accountId)).toBe(before - 30_000);

    // The same file again: every row a duplicate, nothing booked.
    const again = await upload(new TextEncoder().encode(`\uFEFF${first}`));
    expect(await run(again.importId)).toMatchObject({ booked: 0, duplicates: 2, refused: 0 });
    expect(
      (await getPaymentImport(prisma, await admin(), { importId: again.importId })).sameFileBefore,
    ).toEqual([]); // a BOM makes it another file

    // An overlapping registry: the old rows are duplicates, only the new one is booked.
    const overlapping = registry(
      'account,amount,paid_at,payer,bank_reference',
      [
        `${a.accountNumber}|200.00|${yesterday}|Payer|${refs[1]}`,
        `${a.accountNumber}|50.00|${today}|Payer|${refs[2]}`,
      ],
      ',',
    );
    const third = await upload(new TextEncoder().encode(overlapping));
    expect(await run(third.importId)).toMatchObject({
      booked: 1,
      duplicates: 1,
      bookedKopecks: 5_000,
    });
    expect(await balance(a.accountId)).toBe(before - 35_000);
    for (const reference of refs) {
      expect(
        await prisma.payment.count({
          where: { provider: 'BANK_IMPORT', providerPaymentId: reference },
        }),
      ).toBe(1);
    }
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: a.accountId, kind: 'PAYMENT' } }),
    ).toBe(3);
    // Running a finished import again changes nothing.
    expect(await run(third.importId)).toMatchObject({ status: 'COMPLETED', booked: 1 });
    expect(await balance(a.accountId)).toBe(before - 35_000);
  });

  it('takes a debtor off the call list (REMOVED, PAID) and queues the SMS for one who chose SMS', async () => {
    const caller = await debtor('CALLS');
    const texter = await debtor('SMS');
    expect(
      await prisma.callListEntry.count({ where: { accountId: caller.accountId, removedAt: null } }),
    ).toBe(1);
    const lines = [
      `${caller.accountNumber}|3000,00|${yesterday}|Боржник|${ref('PAID')}`,
      `${texter.accountNumber}|1000,00|${yesterday}|SMS|${ref('SMS')}`,
    ];
    const created = await upload(
      windows1251(registry('рахунок;сума;дата;платник;референс', lines)),
    );
    const jobsBefore = await prisma.$queryRawUnsafe<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1',
      JOBS.paymentConfirmation,
    );
    const summary = await run(created.importId);
    expect(summary).toMatchObject({ booked: 2, removedFromCallList: 1 });
    const events = await prisma.callListEvent.findMany({
      where: { accountId: caller.accountId },
      orderBy: { id: 'asc' },
      select: { action: true, reason: true },
    });
    expect(events).toEqual([
      { action: 'ADDED', reason: 'OVERDUE' },
      { action: 'REMOVED', reason: 'PAID' },
    ]);
    expect(await balance(caller.accountId)).toBe(0);
    const jobsAfter = await prisma.$queryRawUnsafe<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1',
      JOBS.paymentConfirmation,
    );
    expect((jobsAfter[0]?.n ?? 0) - (jobsBefore[0]?.n ?? 0)).toBe(1);
  });

  it('resumes after a crash mid-import: no row booked twice, the counters exact', async () => {
    const accounts = [await debtor(), await debtor(), await debtor()];
    const refs = Array.from({ length: 23 }, (_, i) => ref(`CR${i}`));
    const lines = refs.map((reference, i) => {
      const account = accounts[i % 3];
      // Every fifth row is refused (a bad amount), the rest are 1.00–23.00 UAH.
      return `${account?.accountNumber}|${i % 5 === 4 ? '0' : `${i + 1},00`}|${yesterday}||${reference}`;
    });
    const created = await upload(
      new TextEncoder().encode(registry('рахунок;сума;дата;платник;референс', lines)),
    );
    const before = await Promise.all(accounts.map((account) => balance(account.accountId)));
    const crash = new Error('the worker died');
    await expect(
      run(created.importId, {
        batchRows: 5,
        onBatch: (_tx, batch) => {
          if (batch.index === 2) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    // Batches 0 and 1 committed; the third rolled back with everything it wrote.
    const halfway = await prisma.paymentImport.findUniqueOrThrow({
      where: { id: created.importId },
    });
    expect(halfway).toMatchObject({ status: 'RUNNING', rowsDone: 10, booked: 8, refused: 2 });
    expect(await prisma.payment.count({ where: { importId: created.importId } })).toBe(8);
    expect(await prisma.paymentImportRow.count({ where: { importId: created.importId } })).toBe(2);

    const done = await run(created.importId, { batchRows: 5 });
    const refusedRows = [4, 9, 14, 19];
    const bookedKopecks = refs.reduce(
      (sum, _r, i) => sum + (refusedRows.includes(i) ? 0 : (i + 1) * 100),
      0,
    );
    expect(done).toMatchObject({
      status: 'COMPLETED',
      rowsDone: 23,
      booked: 19,
      duplicates: 0,
      refused: 4,
      bookedKopecks,
    });
    expect(await prisma.payment.count({ where: { importId: created.importId } })).toBe(19);
    expect(await prisma.paymentImportRow.count({ where: { importId: created.importId } })).toBe(4);
    const after = await Promise.all(accounts.map((account) => balance(account.accountId)));
    expect(before.reduce((x, y) => x + y, 0) - after.reduce((x, y) => x + y, 0)).toBe(
      bookedKopecks,
    );
  });
});

describe('importing at the same time', () => {
  it('books each row once with two runs of one import and two imports of one file at once', async () => {
    const a = await debtor();
    const lines = Array.from(
      { length: 12 },
      (_, i) => `${a.accountNumber}|${i + 1},00|${yesterday}|${ref(`P${i}`)}`,
    );
    const bytes = new TextEncoder().encode(registry('рахунок;сума;дата;референс', lines));
    const before = await balance(a.accountId);
    const one = await upload(bytes);
    const two = await upload(bytes);
    await Promise.all([
      run(one.importId, { batchRows: 3 }),
      run(one.importId, { batchRows: 3 }),
      run(two.importId, { batchRows: 3 }),
    ]);
    const imports = await prisma.paymentImport.findMany({
      where: { id: { in: [one.importId, two.importId] } },
    });
    expect(imports.map((row) => [row.status, row.rowsDone])).toEqual([
      ['COMPLETED', 12],
      ['COMPLETED', 12],
    ]);
    expect(
      (await getPaymentImport(prisma, await admin(), { importId: two.importId })).sameFileBefore,
    ).toEqual([one.importId]);
    expect(imports.reduce((sum, row) => sum + row.booked, 0)).toBe(12);
    expect(imports.reduce((sum, row) => sum + row.duplicates, 0)).toBe(12);
    // 1.00 + 2.00 + … + 12.00 UAH, once.
    expect(await balance(a.accountId)).toBe(before - 7_800);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: a.accountId, kind: 'PAYMENT' } }),
    ).toBe(12);
  });
});

describe('refusing an upload', () => {
  async function everything() {
    const [imports, audits, jobs] = await Promise.all([
      prisma.paymentImport.count(),
      prisma.auditLog.count(),
      prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM pgboss.job'),
    ]);
    return { imports, audits, jobs: jobs[0]?.n };
  }

  async function refusal(promise: Promise<unknown>) {
    try {
      await promise;
    } catch (error) {
      if (isAppError(error))
        return { code: error.code, details: error.details, message: error.message };
      throw error;
    }
    throw new Error('expected a refusal');
  }

  it('writes nothing for a file over the limit, an empty one, one without the columns, or a non-admin', async () => {
    const before = await everything();
    const good = new TextEncoder().encode(
      registry('рахунок;сума;дата;референс', [`1111111116|1,00|${yesterday}|${ref('L')}`]),
    );
    expect(await refusal(upload(good, 'big.csv', good.byteLength - 1))).toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'file', problem: 'TOO_LARGE' },
    });
    expect(await refusal(upload(new Uint8Array()))).toMatchObject({
      details: { field: 'file', problem: 'EMPTY' },
    });
    expect(
      await refusal(upload(new TextEncoder().encode('рахунок;сума;дата;референс\r\n'))),
    ).toMatchObject({
      details: { field: 'file', problem: 'EMPTY' },
    });
    expect(
      await refusal(upload(new TextEncoder().encode('сума;дата\n1,00;2026-11-01\n'))),
    ).toMatchObject({
      details: { field: 'file', problem: 'MISSING_COLUMNS' },
      message: "у заголовку файлу немає обов'язкових стовпців: «рахунок», «референс»",
    });
    const supervisor = await createStaffUser(prisma, 'SUPERVISOR');
    const afterStaff = await everything();
    expect(
      await refusal(
        createPaymentImport(prisma, supervisor, {
          fileName: 'x.csv',
          bytes: good,
          maxBytes: 1 << 20,
          enqueueImport,
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await everything()).toEqual(afterStaff);
    expect({ ...(await everything()), audits: before.audits }).toEqual(before);
  });
});

describe('the database', () => {
  it('keeps an import consistent: counters add up to the checkpoint, COMPLETED only when done', async () => {
    const created = await upload(
      new TextEncoder().encode(
        registry('рахунок;сума;дата;референс', [`1111111116|1,00|${yesterday}|${ref('DB')}`]),
      ),
    );
    const refused = async (sql: string) => {
      try {
        await prisma.$executeRawUnsafe(sql, created.importId);
      } catch (error) {
        return String(error);
      }
      return 'accepted';
    };
    expect(await refused('UPDATE payment_import SET rows_done = 1 WHERE id = $1')).toMatch(
      /payment_import_counters_valid/,
    );
    expect(
      await refused(
        `UPDATE payment_import SET status = 'COMPLETED', finished_at = now() WHERE id = $1`,
      ),
    ).toMatch(/payment_import_completed_all_rows/);
    expect(await refused(`UPDATE payment_import SET status = 'FAILED' WHERE id = $1`)).toMatch(
      /payment_import_finished_when_done/,
    );
  });
});
