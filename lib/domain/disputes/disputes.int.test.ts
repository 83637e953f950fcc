/**
 * A resident's disputes (DESIGN rule 7) on the real PostgreSQL server: opening one takes the
 * account off the call list in the same transaction (DISPUTE_OPEN in the dialer's feed), with
 * its audit row and due date; every refusal changes nothing; one unresolved dispute per
 * account, also under concurrency; the thread, replies, the resolution as the resident sees
 * it, and no way to reach another account's dispute. SMS reminders pause too.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { createMigratedTestDatabase } from '@/test/integration/fresh-database';
import { addMonths, kyivMonthOf } from '../../dates';
import { createPrismaClient, getPrisma, type PrismaClient } from '../../server/db';
import { createLogTransport } from '../../server/sms/transport';
import { isAppError } from '../app-error';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { postAdjustment } from '../ledger/post-ledger-entry';
import { runReminders } from '../reminders/run-reminders';
import { MAX_DISPUTE_TEXT } from '../staff/staff-policy';
import { addResidentMessage } from './add-resident-message';
import { getResidentDispute, getResidentDisputes } from './get-resident-disputes';
import { openDispute } from './open-dispute';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

const thisMonth = kyivMonthOf(new Date());
const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(thisMonth, n));
const DESCRIPTION = 'Площа в рахунку 72,40 м², а за техпаспортом 64,80 м². Прошу перерахувати.';

async function debtorOnTheList(db: PrismaClient = prisma, contactPreference?: 'CALLS' | 'SMS') {
  const debtor = await createAccountWithDebt(db, {
    months: sixMonths,
    monthlyKopecks: 50_000,
    contactPreference,
  });
  await db.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
  );
  return debtor;
}

const open = (
  accountId: number,
  overrides: Partial<Parameters<typeof openDispute>[1]> = {},
  db: PrismaClient = prisma,
) =>
  openDispute(db, {
    accountId,
    category: 'WRONG_AREA',
    description: DESCRIPTION,
    rules: DEFAULT_RULES,
    dueWorkingDays: 15,
    holidays: new Set(),
    ...overrides,
  });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

async function state(accountId: number) {
  const [disputes, messages, audits, onList, events] = await Promise.all([
    prisma.dispute.count({ where: { accountId } }),
    prisma.disputeMessage.count({ where: { dispute: { accountId } } }),
    prisma.auditLog.count({ where: { accountId } }),
    prisma.callListEntry.count({ where: { accountId, removedAt: null } }),
    prisma.callListEvent.findMany({
      where: { accountId },
      orderBy: { id: 'asc' },
      select: { action: true, reason: true },
    }),
  ]);
  return { disputes, messages, audits, onList: onList === 1, events };
}

async function payment(accountId: number, amountKopecks = 10_000) {
  const tag = randomBytes(6).toString('hex');
  return prisma.payment.create({
    data: {
      provider: 'DEMO',
      providerPaymentId: `dispute-test-${tag}`,
      receiptNumber: `KP-TEST-${tag}`,
      accountId,
      amountKopecks,
      status: 'SUCCEEDED',
      succeededAt: new Date(),
    },
    select: { id: true, receiptNumber: true },
  });
}

/** A staff member, to write replies and resolutions as the console would. */
async function staffUser() {
  const tag = randomBytes(6).toString('hex');
  return prisma.staffUser.create({
    data: {
      email: `operator-${tag}@kvartplata.example`,
      name: `Оксана Операторенко ${tag}`,
      role: 'SUPPORT',
      passwordHash: 'not-a-real-hash',
    },
    select: { id: true, email: true, name: true },
  });
}

describe('opening a dispute', () => {
  it('one transaction: the dispute, its due date, the audit row, and off the call list with DISPUTE_OPEN', async () => {
    const debtor = await debtorOnTheList();
    const paid = await payment(debtor.accountId);
    const month = sixMonths[2] ?? '';
    expect(await state(debtor.accountId)).toMatchObject({
      disputes: 0,
      onList: true,
      events: [{ action: 'ADDED', reason: 'OVERDUE' }],
    });

    const result = await open(debtor.accountId, {
      category: 'PAYMENT_NOT_RECEIVED',
      periodMonth: month,
      paymentId: paid.id,
    });
    expect(result.callList.change).toBe('REMOVED');
    expect(result.callList.evaluation.reason).toBe('DISPUTE_OPEN');
    expect(await state(debtor.accountId)).toEqual({
      disputes: 1,
      messages: 0,
      audits: 1,
      onList: false,
      events: [
        { action: 'ADDED', reason: 'OVERDUE' },
        { action: 'REMOVED', reason: 'DISPUTE_OPEN' },
      ],
    });
    const dispute = await prisma.dispute.findUniqueOrThrow({ where: { id: result.disputeId } });
    expect(dispute).toMatchObject({
      accountId: debtor.accountId,
      openedBy: 'RESIDENT',
      openedByStaffId: null,
      category: 'PAYMENT_NOT_RECEIVED',
      periodMonth: new Date(`${month}-01T00:00:00Z`),
      paymentId: paid.id,
      description: DESCRIPTION,
      status: 'OPEN',
      resolution: null,
    });
    expect(dispute.dueOn?.toISOString().slice(0, 10)).toBe(result.dueOn);
    const entry = await prisma.callListEntry.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(entry.removalReason).toBe('DISPUTE_OPEN');
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(audit).toMatchObject({
      actorKind: 'RESIDENT',
      staffUserId: null,
      action: 'dispute.open',
      targetType: 'dispute',
      targetId: String(result.disputeId),
    });
    expect(audit.detail).toMatchObject({
      category: 'PAYMENT_NOT_RECEIVED',
      periodMonth: month,
      paymentId: paid.id,
      callListChange: 'REMOVED',
    });
  });

  it('an account not on the list stays off it, now for DISPUTE_OPEN; month and payment are optional', async () => {
    const recent = await createAccountWithDebt(prisma, {
      months: [addMonths(thisMonth, -2)],
      monthlyKopecks: 1_000,
    });
    const result = await open(recent.accountId, { category: 'OTHER' });
    expect(result.callList).toMatchObject({
      change: 'UNCHANGED',
      evaluation: { reason: 'DISPUTE_OPEN' },
    });
    const dispute = await prisma.dispute.findUniqueOrThrow({ where: { id: result.disputeId } });
    expect(dispute).toMatchObject({ periodMonth: null, paymentId: null });
  });

  it.each([
    // Thursday 7 January 2027, 22:30 UTC is already Friday 00:30 in Kyiv: 1 working day → Monday.
    ['2027-01-07T22:30:00Z', 1, [], '2027-01-11'],
    // Thursday 31 December 2026 in Kyiv; 1 January a holiday, then the weekend.
    ['2026-12-31T10:00:00Z', 2, ['2027-01-01'], '2027-01-05'],
    ['2026-12-07T10:00:00Z', 15, [], '2026-12-28'],
  ])(
    'opened at %s with %i working days (holidays %j) is due on %s',
    async (at, days, holidays, due) => {
      const debtor = await debtorOnTheList();
      const result = await open(debtor.accountId, {
        now: new Date(at),
        dueWorkingDays: days,
        holidays: new Set(holidays),
      });
      expect(result.dueOn).toBe(due);
      const dispute = await prisma.dispute.findUniqueOrThrow({ where: { id: result.disputeId } });
      expect(dispute.dueOn?.toISOString().slice(0, 10)).toBe(due);
      expect(dispute.createdAt.toISOString()).toBe(new Date(at).toISOString());
    },
  );

  it('refusals change nothing: category, description, month, another account’s payment', async () => {
    const debtor = await debtorOnTheList();
    const other = await createAccountWithDebt(prisma, { months: sixMonths, monthlyKopecks: 1_000 });
    const othersPayment = await payment(other.accountId);
    const before = await state(debtor.accountId);
    const cases: [Partial<Parameters<typeof openDispute>[1]>, unknown][] = [
      [{ category: 'BOGUS' }, { field: 'category', problem: 'UNKNOWN' }],
      [{ category: '' }, { field: 'category', problem: 'UNKNOWN' }],
      [{ description: '  коротко  ' }, { field: 'description', problem: 'TOO_SHORT' }],
      [{ description: ' \r\n\t ' }, { field: 'description', problem: 'TOO_SHORT' }],
      [
        { description: 'я'.repeat(MAX_DISPUTE_TEXT + 1) },
        { field: 'description', problem: 'TOO_LONG' },
      ],
      [{ periodMonth: '2026-13' }, { field: 'month', problem: 'UNKNOWN' }],
      [{ periodMonth: 'last month' }, { field: 'month', problem: 'UNKNOWN' }],
      // A month the account was not charged for (before it was opened, and this month).
      [{ periodMonth: '2019-01' }, { field: 'month', problem: 'UNKNOWN' }],
      [{ periodMonth: thisMonth }, { field: 'month', problem: 'UNKNOWN' }],
      // Another account's payment answers exactly like an id that does not exist.
      [{ paymentId: othersPayment.id }, { field: 'payment', problem: 'UNKNOWN' }],
      [{ paymentId: 2_000_000_000 }, { field: 'payment', problem: 'UNKNOWN' }],
      [{ paymentId: -1 }, { field: 'payment', problem: 'UNKNOWN' }],
    ];
    for (const [overrides, details] of cases) {
      expect(await refusal(open(debtor.accountId, overrides)), JSON.stringify(overrides)).toEqual({
        code: 'INVALID_INPUT',
        details,
      });
    }
    expect(await state(debtor.accountId)).toEqual(before);
    expect(await state(other.accountId)).toMatchObject({ disputes: 0, audits: 0 });
    // The longest description is accepted.
    await open(debtor.accountId, { description: 'я'.repeat(MAX_DISPUTE_TEXT) });
  });

  it('a second unresolved dispute is refused; after resolution a new one may be opened', async () => {
    const debtor = await debtorOnTheList();
    const first = await open(debtor.accountId);
    expect(await refusal(open(debtor.accountId, { category: 'OTHER' }))).toEqual({
      code: 'CONFLICT',
      details: undefined,
    });
    await prisma.dispute.update({ where: { id: first.disputeId }, data: { status: 'IN_REVIEW' } });
    expect((await refusal(open(debtor.accountId))).code).toBe('CONFLICT');
    expect(await state(debtor.accountId)).toMatchObject({ disputes: 1, audits: 1 });

    await prisma.dispute.update({
      where: { id: first.disputeId },
      data: {
        status: 'RESOLVED',
        resolution: 'REJECTED',
        resolutionNote: 'Площа відповідає техпаспорту.',
        resolvedAt: new Date(),
      },
    });
    const second = await open(debtor.accountId, { category: 'WRONG_TARIFF' });
    expect(second.disputeId).not.toBe(first.disputeId);
  });

  it('two concurrent opens for one account: exactly one dispute, one removal, one audit row', async () => {
    const debtor = await debtorOnTheList();
    const racers = [
      createPrismaClient(inject('databaseUrl'), 2),
      createPrismaClient(inject('databaseUrl'), 2),
      createPrismaClient(inject('databaseUrl'), 2),
    ];
    try {
      const results = await Promise.allSettled(
        racers.map((db, i) => open(debtor.accountId, { description: `${DESCRIPTION} (${i})` }, db)),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(2);
      for (const loss of lost) expect(isAppError(loss.reason, 'CONFLICT')).toBe(true);
      expect(await state(debtor.accountId)).toMatchObject({
        disputes: 1,
        audits: 1,
        onList: false,
        events: [
          { action: 'ADDED', reason: 'OVERDUE' },
          { action: 'REMOVED', reason: 'DISPUTE_OPEN' },
        ],
      });
    } finally {
      await Promise.all(racers.map((db) => db.$disconnect()));
    }
  });

  it('markup is stored and returned verbatim (pages render it as text)', async () => {
    const debtor = await debtorOnTheList();
    const markup =
      '<script>alert(1)</script> <b>площа</b> & "лапки" \'так\' <img src=x onerror=alert(2)>';
    const { disputeId } = await open(debtor.accountId, { description: `  ${markup}\r\n` });
    const stored = await prisma.dispute.findUniqueOrThrow({ where: { id: disputeId } });
    expect(stored.description).toBe(markup);
    await addResidentMessage(prisma, { accountId: debtor.accountId, disputeId, body: markup });
    const view = await getResidentDispute(prisma, { accountId: debtor.accountId, disputeId });
    expect(view.description).toBe(markup);
    expect(view.messages.map((message) => message.body)).toEqual([markup]);
  });
});

describe('the thread and what the resident sees', () => {
  it('the list, the form’s choices (own months newest first, own payments), and one dispute', async () => {
    const debtor = await debtorOnTheList();
    const other = await createAccountWithDebt(prisma, { months: sixMonths, monthlyKopecks: 1_000 });
    await payment(other.accountId);
    const mine = await payment(debtor.accountId, 25_000);

    const empty = await getResidentDisputes(prisma, { accountId: debtor.accountId });
    expect(empty.disputes).toEqual([]);
    expect(empty.unresolvedId).toBeNull();
    expect(empty.choices.months).toEqual([...sixMonths].reverse());
    expect(empty.choices.payments).toEqual([
      expect.objectContaining({
        id: mine.id,
        receiptNumber: mine.receiptNumber,
        amountKopecks: 25_000,
      }),
    ]);

    const { disputeId, dueOn } = await open(debtor.accountId, { periodMonth: sixMonths[5] });
    const listed = await getResidentDisputes(prisma, { accountId: debtor.accountId });
    expect(listed.unresolvedId).toBe(disputeId);
    expect(listed.disputes).toEqual([
      expect.objectContaining({
        id: disputeId,
        category: 'WRONG_AREA',
        status: 'OPEN',
        outcome: null,
        periodMonth: sixMonths[5],
        dueOn,
      }),
    ]);
    expect((await getResidentDisputes(prisma, { accountId: other.accountId })).disputes).toEqual(
      [],
    );
  });

  it('another account’s dispute is NOT_FOUND, like an unknown id, for reading and for replying', async () => {
    const owner = await debtorOnTheList();
    const stranger = await debtorOnTheList();
    const { disputeId } = await open(owner.accountId);
    for (const id of [disputeId, 2_000_000_000, 0, Number.NaN]) {
      expect(
        await refusal(getResidentDispute(prisma, { accountId: stranger.accountId, disputeId: id })),
      ).toEqual({ code: 'NOT_FOUND', details: { what: 'dispute' } });
      expect(
        await refusal(
          addResidentMessage(prisma, {
            accountId: stranger.accountId,
            disputeId: id,
            body: 'Чуже звернення',
          }),
        ),
      ).toEqual({ code: 'NOT_FOUND', details: { what: 'dispute' } });
    }
    expect(await state(owner.accountId)).toMatchObject({ messages: 0, audits: 1 });
    expect(await state(stranger.accountId)).toMatchObject({ messages: 0, audits: 0 });
  });

  it('replies: appended with an audit row; too long or empty refused; none once resolved', async () => {
    const debtor = await debtorOnTheList();
    const staff = await staffUser();
    const { disputeId } = await open(debtor.accountId);
    const t0 = new Date(Date.now() + 1_000);
    await addResidentMessage(prisma, {
      accountId: debtor.accountId,
      disputeId,
      body: 'Додаю фото техпаспорта.',
      now: t0,
    });
    await prisma.disputeMessage.create({
      data: {
        disputeId,
        authorKind: 'STAFF',
        staffUserId: staff.id,
        body: 'Дякуємо, перевіряємо.',
        createdAt: new Date(t0.getTime() + 1_000),
      },
    });
    await addResidentMessage(prisma, {
      accountId: debtor.accountId,
      disputeId,
      body: 'Ок',
      now: new Date(t0.getTime() + 2_000),
    });
    for (const [body, problem] of [
      ['   ', 'TOO_SHORT'],
      ['ї'.repeat(MAX_DISPUTE_TEXT + 1), 'TOO_LONG'],
    ] as const) {
      expect(
        await refusal(addResidentMessage(prisma, { accountId: debtor.accountId, disputeId, body })),
      ).toEqual({ code: 'INVALID_INPUT', details: { field: 'message', problem } });
    }

    const view = await getResidentDispute(prisma, { accountId: debtor.accountId, disputeId });
    expect(view.messages.map(({ author, body }) => ({ author, body }))).toEqual([
      { author: 'RESIDENT', body: 'Додаю фото техпаспорта.' },
      { author: 'SUPPORT', body: 'Дякуємо, перевіряємо.' },
      { author: 'RESIDENT', body: 'Ок' },
    ]);
    // Nothing about the staff member reaches the resident's view.
    const json = JSON.stringify(view);
    expect(json).not.toContain(staff.email);
    expect(json).not.toContain(staff.name);
    expect(json).not.toContain('staffUserId');
    const audits = await prisma.auditLog.findMany({
      where: { accountId: debtor.accountId },
      orderBy: { id: 'asc' },
      select: { action: true, actorKind: true },
    });
    expect(audits).toEqual([
      { action: 'dispute.open', actorKind: 'RESIDENT' },
      { action: 'dispute.message', actorKind: 'RESIDENT' },
      { action: 'dispute.message', actorKind: 'RESIDENT' },
    ]);

    await prisma.dispute.update({
      where: { id: disputeId },
      data: {
        status: 'RESOLVED',
        resolution: 'REJECTED',
        resolutionNote: 'Площу підтверджено обмірами 2024 року.',
        resolvedAt: new Date(),
        resolvedById: staff.id,
      },
    });
    expect(
      await refusal(
        addResidentMessage(prisma, { accountId: debtor.accountId, disputeId, body: 'Ще одне' }),
      ),
    ).toEqual({ code: 'CONFLICT', details: undefined });
    expect(await state(debtor.accountId)).toMatchObject({ messages: 3 });
    const rejected = await getResidentDispute(prisma, { accountId: debtor.accountId, disputeId });
    expect(rejected).toMatchObject({
      status: 'RESOLVED',
      outcome: 'REJECTED',
      resolution: { kind: 'REJECTED', reason: 'Площу підтверджено обмірами 2024 року.' },
    });
    expect(JSON.stringify(rejected)).not.toContain(staff.email);
  });

  it('an accepted dispute shows the correction posted for it and the balance after it', async () => {
    const debtor = await debtorOnTheList();
    const { disputeId } = await open(debtor.accountId);
    await prisma.$transaction(async (tx) => {
      await postAdjustment(tx, {
        accountId: debtor.accountId,
        amountKopecks: -120_000,
        memo: 'Перерахунок площі',
        disputeId,
        rules: DEFAULT_RULES,
      });
      await tx.dispute.update({
        where: { id: disputeId },
        data: {
          status: 'RESOLVED',
          resolution: 'ACCEPTED',
          resolutionNote: 'Площу виправлено на 64,80 м².',
          resolvedAt: new Date(),
        },
      });
    });
    const view = await getResidentDispute(prisma, { accountId: debtor.accountId, disputeId });
    expect(view.resolution).toMatchObject({
      kind: 'ACCEPTED',
      note: 'Площу виправлено на 64,80 м².',
      adjustmentKopecks: -120_000,
      balanceKopecks: 6 * 50_000 - 120_000,
    });
  });
});

describe('SMS reminders pause while a dispute is open', () => {
  it('a debtor who chose SMS gets no reminder while the dispute is open, and does once it is resolved', async () => {
    // A database of its own: a reminder run looks at every account that chose SMS.
    const db = await createMigratedTestDatabase(inject('testServerUrl'));
    const own = createPrismaClient(db.url, 2);
    try {
      const debtor = await debtorOnTheList(own, 'SMS');
      const { disputeId, callList } = await open(debtor.accountId, {}, own);
      expect(callList.evaluation.reason).toBe('DISPUTE_OPEN');
      // A working day (Monday 7 December 2026), 10:00 in Kyiv.
      const at = new Date('2026-12-07T08:00:00Z');
      const sent: string[] = [];
      const transport = createLogTransport(() => {});
      const run = () =>
        runReminders(own, {
          worker: 'dispute-test',
          rules: DEFAULT_RULES,
          calendar: { startHour: 9, endHour: 20, holidays: new Set() },
          transport: {
            ...transport,
            async send(to: string, body: string) {
              sent.push(to);
              return transport.send(to, body);
            },
          },
          payUrl: (accountId) => `https://kvp.ua/p/T${accountId}`,
          now: () => at,
        });
      const paused = await run();
      expect(paused).toMatchObject({ withinWindow: true, sent: 0, skipped: { DISPUTE_OPEN: 1 } });
      expect(sent).toEqual([]);

      await own.dispute.update({
        where: { id: disputeId },
        data: {
          status: 'RESOLVED',
          resolution: 'REJECTED',
          resolutionNote: 'Нарахування правильні.',
          resolvedAt: at,
        },
      });
      const resumed = await run();
      expect(resumed.sent).toBe(1);
      expect(sent).toEqual([debtor.phone]);
    } finally {
      await own.$disconnect();
      await db.drop();
    }
  });
});
