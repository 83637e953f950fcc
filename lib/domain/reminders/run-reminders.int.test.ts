/**
 * The reminder worker's rule (DESIGN rule 4) on the real PostgreSQL server, in a database of
 * its own (a run looks at every account that chose SMS): the Kyiv schedule across both DST
 * switches, weekends and listed holidays; at most one reminder per 7 days; never with an open
 * dispute, never without overdue debt, never to a failed number; a payment mid-week stops the
 * next one; and two workers at once on 1,000 due accounts send exactly 1,000 messages.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import {
  createMigratedTestDatabase,
  type MigratedTestDatabase,
} from '@/test/integration/fresh-database';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { createLogTransport } from '../../server/sms/transport';
import { withCheckDigit } from '../accounts/account-number';
import { postPayment } from '../ledger/post-ledger-entry';
import { type ReminderRunOptions, runReminders } from './run-reminders';

let db: MigratedTestDatabase;
let prisma: PrismaClient;
const sent: { to: string; body: string }[] = [];
const transport = createLogTransport(() => {});
const capturing = {
  ...transport,
  async send(to: string, body: string) {
    sent.push({ to, body });
    return transport.send(to, body);
  },
};
const HOLIDAY = '2026-04-13';
const calendar = { startHour: 9, endHour: 20, holidays: new Set([HOLIDAY]) };
const MONTHS = ['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];

const run = (at: string, overrides: Partial<ReminderRunOptions> = {}) =>
  runReminders(prisma, {
    worker: 'test',
    rules: DEFAULT_RULES,
    calendar,
    transport: capturing,
    payUrl: (accountId) => `https://kvp.ua/p/T${accountId}`,
    now: () => new Date(at),
    ...overrides,
  });

const ids = { a: 0, disputed: 0, paidUp: 0, failedNumber: 0, calls: 0, paysMidWeek: 0 };

async function smsDebtor(monthlyKopecks = 50_000) {
  return createAccountWithDebt(prisma, {
    months: MONTHS,
    monthlyKopecks,
    contactPreference: 'SMS',
  });
}

async function remindersOf(accountId: number) {
  return prisma.smsReminder.findMany({
    where: { accountId, status: 'SENT' },
    orderBy: { id: 'asc' },
    select: { sentAt: true, amountKopecks: true, overdueMonths: true },
  });
}

async function pay(accountId: number, amountKopecks: number, at: Date) {
  await prisma.$transaction(async (tx) => {
    const payment = await tx.payment.create({
      data: {
        provider: 'BANK_IMPORT',
        providerPaymentId: `rem-${accountId}-${at.getTime()}`,
        receiptNumber: `KP-TEST-REM-${accountId}-${at.getTime()}`,
        accountId,
        amountKopecks,
        status: 'SUCCEEDED',
        succeededAt: at,
      },
    });
    await postPayment(tx, {
      accountId,
      paymentId: payment.id,
      amountKopecks,
      effectiveAt: at,
      now: at,
      rules: DEFAULT_RULES,
    });
  });
}

beforeAll(async () => {
  db = await createMigratedTestDatabase(inject('testServerUrl'));
  prisma = createPrismaClient(db.url, 4);
  ids.a = (await smsDebtor()).accountId;
  ids.disputed = (await smsDebtor()).accountId;
  await prisma.dispute.create({
    data: {
      accountId: ids.disputed,
      category: 'WRONG_AREA',
      openedBy: 'RESIDENT',
      description: 'Площа квартири не та',
      status: 'OPEN',
    },
  });
  ids.paidUp = (await smsDebtor()).accountId;
  await pay(ids.paidUp, 7 * 50_000, new Date('2026-01-15T10:00:00Z'));
  ids.failedNumber = (await smsDebtor()).accountId;
  await prisma.phone.updateMany({
    where: { accountId: ids.failedNumber },
    data: { smsFailedAt: new Date('2026-02-01T10:00:00Z') },
  });
  ids.calls = (
    await createAccountWithDebt(prisma, { months: MONTHS, monthlyKopecks: 50_000 })
  ).accountId;
  ids.paysMidWeek = (await smsDebtor()).accountId;
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('the reminder schedule, in Kyiv time', () => {
  // Chronological: each run sees what the earlier ones sent. Kyiv is UTC+3 in summer time
  // (from 2026-03-29 03:00) and UTC+2 in winter time (from 2026-10-25 04:00).
  it.each([
    ['Sunday of the spring DST switch, 10:00 — a weekend', '2026-03-29T07:00:00Z', false, 0],
    ['Monday 08:59 (summer time: 05:59 UTC) — too early', '2026-03-30T05:59:00Z', false, 0],
    ['Monday 09:00 (06:00 UTC) — sends to the two due accounts', '2026-03-30T06:00:00Z', true, 2],
    ['Monday 19:59 — within hours, but both were reminded today', '2026-03-30T16:59:00Z', true, 0],
    ['Monday 20:00 — too late', '2026-03-30T17:00:00Z', false, 0],
  ] as const)('%s', async (_name, at, withinWindow, newMessages) => {
    const before = sent.length;
    const summary = await run(at);
    expect(summary.withinWindow).toBe(withinWindow);
    expect(sent.length - before).toBe(newMessages);
    expect(summary.sent).toBe(newMessages);
  });

  it('the first reminders went to the right accounts, with the amount, the months and the link', async () => {
    const first = await remindersOf(ids.a);
    expect(first).toHaveLength(1);
    // June 2025 is due at the end of July, overdue from August: Aug..Feb = 7 full months.
    expect(first[0]).toMatchObject({ amountKopecks: 350_000, overdueMonths: 7 });
    const message = await prisma.smsMessage.findFirstOrThrow({
      where: { accountId: ids.a, kind: 'REMINDER' },
    });
    expect(message.body).toBe(`Борг 3 500,00 грн, 7 місяців. Оплата: https://kvp.ua/p/T${ids.a}`);
    expect(message.segments).toBe(1);
    expect(message.status).toBe('SENT');
    for (const never of [ids.disputed, ids.paidUp, ids.failedNumber, ids.calls]) {
      expect(await remindersOf(never)).toEqual([]);
    }
    expect((await remindersOf(ids.paysMidWeek)).length).toBe(1);
  });

  it('records why the others were skipped', async () => {
    const last = await prisma.reminderRun.findFirstOrThrow({
      where: { startedAt: new Date('2026-03-30T06:00:00Z') },
    });
    expect(last).toMatchObject({ withinWindow: true, due: 2, planned: 2, sent: 2, failed: 0 });
    expect(last.skipped).toEqual({ DISPUTE_OPEN: 1, NUMBER_FAILED: 1 });
  });

  it('a payment mid-week stops the next reminder', async () => {
    await pay(ids.paysMidWeek, 7 * 50_000, new Date('2026-04-01T12:00:00Z'));
    const summary = await run('2026-04-06T06:00:00Z'); // Monday 09:00, exactly 7 × 24 h later
    expect(summary.sent).toBe(1);
    expect((await remindersOf(ids.a)).length).toBe(2);
    expect((await remindersOf(ids.paysMidWeek)).length).toBe(1);
  });

  it.each([
    ['the listed holiday, Monday 09:00', '2026-04-13T06:00:00Z', false, 0],
    ['Tuesday 09:00 after the holiday — 8 days since the last', '2026-04-14T06:00:00Z', true, 1],
    ['Friday the same week', '2026-04-17T07:00:00Z', true, 0],
    [
      'Monday of the next week, 6 days later — a new week, but not 7 days',
      '2026-04-20T06:00:00Z',
      true,
      0,
    ],
    ['Tuesday 09:00, 7 days later', '2026-04-21T06:00:00Z', true, 1],
    [
      'Monday after the autumn DST switch, 08:59 (winter time: 06:59 UTC)',
      '2026-10-26T06:59:00Z',
      false,
      0,
    ],
    ['Monday after the autumn DST switch, 09:00 (07:00 UTC)', '2026-10-26T07:00:00Z', true, 1],
  ] as const)('%s', async (_name, at, withinWindow, newMessages) => {
    const summary = await run(at);
    expect(summary.withinWindow).toBe(withinWindow);
    expect(summary.sent).toBe(newMessages);
  });

  it('never twice within 7 × 24 h, whatever the runs', async () => {
    const times = (await remindersOf(ids.a)).map((r) => r.sentAt?.getTime() ?? 0);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(7 * 86_400_000);
    }
    expect(times.length).toBe(5);
  });

  it('a failing transport records FAILED messages and reminders, and says so in the run', async () => {
    const broken = {
      async send(): Promise<{ providerMessageId: string }> {
        throw new Error('provider down');
      },
    };
    const summary = await run('2026-11-02T07:00:00Z', { transport: broken });
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    const failed = await prisma.smsReminder.findFirstOrThrow({
      where: { accountId: ids.a, status: 'FAILED' },
      include: { smsMessage: true },
    });
    expect(failed.smsMessage).toMatchObject({ status: 'FAILED', error: 'provider down' });
  });
});

describe('two workers at once', () => {
  it('1,000 due accounts → exactly 1,000 messages, counted in the database', async () => {
    const template = await smsDebtor(10_000);
    const tag = randomBytes(3).toString('hex');
    const building = await prisma.account.findUniqueOrThrow({
      where: { id: template.accountId },
      select: { buildingId: true },
    });
    const ledger = await prisma.ledgerEntry.findFirstOrThrow({
      where: { accountId: template.accountId },
      select: { serviceId: true, tariffId: true },
    });
    const numbers = Array.from({ length: 1000 }, (_, i) =>
      withCheckDigit(
        `7${String(i).padStart(5, '0')}${String(parseInt(tag, 16) % 1000).padStart(3, '0')}`,
      ),
    );
    const phones = numbers.map((_, i) => `+38063${String(1_000_000 + i).slice(1)}`);
    const created = await prisma.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO account (number, building_id, apartment, holder_name, area_centi_sqm, opened_on,
                            contact_preference, sms_phone_e164, bill_access_code_hash)
       SELECT n, $3, '1', 'Тестенко Т. Т.', 10000, '2020-01-01', 'SMS', p, 'test'
         FROM unnest($1::text[], $2::text[]) AS u(n, p)
       RETURNING id`,
      numbers,
      phones,
      building.buildingId,
    );
    const accountIds = created.map((row) => row.id);
    await prisma.$executeRawUnsafe(
      `INSERT INTO phone (account_id, e164, kind, is_primary, verified_at)
       SELECT a.id, a.sms_phone_e164, 'MOBILE', true, now() FROM account a WHERE a.id = ANY($1::int[])`,
      accountIds,
    );
    await prisma.$executeRawUnsafe(
      `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, period_month, service_id,
                                 tariff_id, area_centi_sqm, effective_at)
       SELECT a.id, 'ACCRUAL', 10000, m::date, $2, $3, 10000, m::timestamptz
         FROM unnest($1::int[]) AS a(id)
        CROSS JOIN unnest(ARRAY['2025-06-01', '2025-07-01', '2025-08-01']) AS m`,
      accountIds,
      ledger.serviceId,
      ledger.tariffId,
    );
    const second = createPrismaClient(db.url, 4);
    try {
      const at = '2026-11-10T08:00:00Z'; // Tuesday 10:00 Kyiv
      const [one, two] = await Promise.all([
        run(at, { worker: 'worker-1', batchSize: 50 }),
        runReminders(second, {
          worker: 'worker-2',
          rules: DEFAULT_RULES,
          calendar,
          transport: capturing,
          payUrl: (accountId) => `https://kvp.ua/p/T${accountId}`,
          now: () => new Date(at),
          batchSize: 50,
        }),
      ]);
      const [messages] = await prisma.$queryRawUnsafe<{ n: number; accounts: number }[]>(
        `SELECT count(*)::int AS n, count(DISTINCT account_id)::int AS accounts
           FROM sms_message WHERE kind = 'REMINDER' AND account_id = ANY($1::int[])`,
        accountIds,
      );
      expect(messages).toEqual({ n: 1000, accounts: 1000 });
      expect(
        await prisma.smsReminder.count({
          where: { accountId: { in: accountIds }, status: 'SENT' },
        }),
      ).toBe(1000);
      // Together the two runs sent exactly the messages the database holds for that instant
      // (the 1,000 and any earlier account due again), each account once.
      const [all] = await prisma.$queryRawUnsafe<{ n: number; accounts: number }[]>(
        `SELECT count(*)::int AS n, count(DISTINCT account_id)::int AS accounts
           FROM sms_message WHERE kind = 'REMINDER' AND status = 'SENT' AND sent_at = $1`,
        new Date(at),
      );
      expect(one.sent + two.sent).toBe(all?.n);
      expect(all?.accounts).toBe(all?.n);
    } finally {
      await second.$disconnect();
    }
  });
});
