/**
 * The staff account view on the real PostgreSQL server, on one hand-built account whose numbers
 * can be checked by hand:
 *
 * 52.00 m²; service A at 2.50 UAH/m² (3.00 from March 2026), service B at 1.00 UAH/m².
 *   accruals  Jan 130.00 + 52.00, Feb 130.00 + 52.00, Mar 156.00 + 52.00, Apr 156.00 + 52.00
 *   payment   15 Mar 2026: −200.00; adjustment 20 Apr: +15.00; reversal 10 May of Feb's B: −20.00
 *   balance   780.00 − 200.00 + 15.00 − 20.00 = 575.00
 *
 * FIFO (rule 2) on 10 July 2026, due one month after the billing month: debits by month are
 * Jan 182.00, Feb 182.00, Mar 208.00, Apr 208.00 + 15.00 = 223.00; credits 200.00 + 20.00 =
 * 220.00 settle Jan and 38.00 of Feb. Unsettled: Feb 144.00 (overdue from April: 3 full months),
 * Mar 208.00 (2), Apr 223.00 (1). Buckets 3-6: 144.00, 1-3: 431.00.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { uniqueAccountNumber, uniquePhone } from '@/test/factories';
import { monthStartDate } from '../../dates';
import { getPrisma } from '../../server/db';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { getStaffAccountView, STAFF_VIEW_SMS_LIMIT } from './get-staff-account-view';

const prisma = getPrisma();
const AS_OF = new Date('2026-07-10T09:00:00Z');

afterAll(async () => {
  await prisma.$disconnect();
});

type Fixture = Awaited<ReturnType<typeof buildAccount>>;
let fixture: Fixture;

async function buildAccount() {
  const tag = randomBytes(6).toString('hex');
  const district = await prisma.district.create({ data: { name: `View district ${tag}` } });
  const category = await prisma.tariffCategory.create({
    data: { code: `V_${tag}`, nameUk: 'тест', nameRu: 'тест', nameEn: 'test', hasLift: true },
  });
  const serviceA = await prisma.serviceComponent.create({
    data: {
      code: `A_${tag}`,
      nameUk: 'Прибирання',
      nameRu: 'Уборка',
      nameEn: 'Cleaning',
      sortOrder: 1,
    },
  });
  const serviceB = await prisma.serviceComponent.create({
    data: { code: `B_${tag}`, nameUk: 'Ліфт', nameRu: 'Лифт', nameEn: 'Lift', sortOrder: 2 },
  });
  const tariff = (serviceId: number, rate: number, from: string) =>
    prisma.tariff.create({
      data: {
        categoryId: category.id,
        serviceId,
        rateKopecksPerSqm: rate,
        effectiveFrom: monthStartDate(from),
      },
    });
  const a1 = await tariff(serviceA.id, 250, '2020-01');
  const a2 = await tariff(serviceA.id, 300, '2026-03');
  const b1 = await tariff(serviceB.id, 100, '2020-01');
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: `вул. Переглядова ${tag}`,
      houseNumber: '14Б',
      floors: 9,
    },
  });
  const [alice, bob] = await Promise.all(
    ['Оксана Черненко', 'Богдан Руденко'].map((name, i) =>
      prisma.staffUser.create({
        data: {
          email: `view-${i}-${tag}@kvp.test`,
          name,
          role: i === 0 ? 'SUPPORT' : 'SUPERVISOR',
          passwordHash: 'not-used',
        },
      }),
    ),
  );
  if (!alice || !bob) throw new Error('staff users not created');
  const mobile = uniquePhone();
  const landline = `+380577${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const account = await prisma.account.create({
    data: {
      number: uniqueAccountNumber(),
      buildingId: building.id,
      apartment: '27',
      holderName: 'Мельник Світлана Олександрівна',
      areaCentiSqm: 5_200,
      openedOn: monthStartDate('2015-06'),
      preferredLocale: 'ru',
      billAccessCodeHash: `view-${tag}`,
      phones: {
        create: [
          {
            e164: mobile,
            kind: 'MOBILE',
            isPrimary: true,
            verifiedAt: new Date('2026-01-05T10:00:00Z'),
            smsFailedAt: new Date('2026-06-20T10:00:00Z'),
          },
          { e164: landline, kind: 'LANDLINE', callable: false },
        ],
      },
    },
  });
  const accountId = account.id;
  for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) {
    await prisma.billingPeriod.upsert({
      where: { month: monthStartDate(month) },
      create: { month: monthStartDate(month), status: 'CLOSED', closedAt: new Date() },
      update: {},
    });
  }
  const accrue = (month: string, effectiveAt: string, aTariff: { id: number; rate: number }) =>
    prisma.ledgerEntry.createMany({
      data: [
        { serviceId: serviceA.id, tariff: aTariff },
        { serviceId: serviceB.id, tariff: { id: b1.id, rate: 100 } },
      ].map((line) => ({
        accountId,
        kind: 'ACCRUAL' as const,
        amountKopecks: (5_200 * line.tariff.rate + 50) / 100,
        periodMonth: monthStartDate(month),
        serviceId: line.serviceId,
        tariffId: line.tariff.id,
        areaCentiSqm: 5_200,
        effectiveAt: new Date(effectiveAt),
      })),
    });
  const rateA1 = { id: a1.id, rate: 250 };
  const rateA2 = { id: a2.id, rate: 300 };
  await accrue('2026-01', '2026-01-31T22:00:00Z', rateA1);
  await accrue('2026-02', '2026-02-28T22:00:00Z', rateA1);

  const paid = await prisma.payment.create({
    data: {
      provider: 'STRIPE',
      providerPaymentId: `pi_view_${tag}`,
      checkoutSessionId: `cs_view_${tag}`,
      receiptNumber: `KVP-VIEW-${tag}`,
      accountId,
      amountKopecks: 20_000,
      status: 'SUCCEEDED',
      createdAt: new Date('2026-03-15T08:59:00Z'),
      succeededAt: new Date('2026-03-15T09:00:00Z'),
    },
  });
  await prisma.ledgerEntry.create({
    data: {
      accountId,
      kind: 'PAYMENT',
      amountKopecks: -20_000,
      paymentId: paid.id,
      effectiveAt: new Date('2026-03-15T09:00:00Z'),
    },
  });
  await accrue('2026-03', '2026-03-31T21:00:00Z', rateA2);
  const adjustment = await prisma.ledgerEntry.create({
    data: {
      accountId,
      kind: 'ADJUSTMENT',
      amountKopecks: 1_500,
      memo: 'Заміна лампи в під’їзді',
      staffUserId: alice.id,
      effectiveAt: new Date('2026-04-20T09:00:00Z'),
    },
  });
  await accrue('2026-04', '2026-04-30T21:00:00Z', rateA2);
  const febLift = await prisma.ledgerEntry.findFirstOrThrow({
    where: {
      accountId,
      kind: 'ACCRUAL',
      serviceId: serviceB.id,
      periodMonth: monthStartDate('2026-02'),
    },
  });
  await prisma.ledgerEntry.create({
    data: {
      accountId,
      kind: 'REVERSAL',
      amountKopecks: -2_000,
      reversesEntryId: febLift.id,
      memo: 'Ліфт не працював 10 днів',
      staffUserId: bob.id,
      effectiveAt: new Date('2026-05-10T09:00:00Z'),
    },
  });

  const pendingPayment = await prisma.payment.create({
    data: {
      provider: 'DEMO',
      providerPaymentId: `demo_view_${tag}`,
      receiptNumber: `KVP-VIEW2-${tag}`,
      accountId,
      amountKopecks: 10_000,
      status: 'PENDING',
      createdAt: new Date('2026-07-05T09:00:00Z'),
    },
  });
  const processed = await prisma.webhookEvent.create({
    data: {
      provider: 'STRIPE',
      eventId: `evt_view_ok_${tag}`,
      type: 'checkout.session.completed',
      outcome: 'PROCESSED',
      paymentId: paid.id,
      receivedAt: new Date('2026-03-15T09:00:01Z'),
    },
  });
  const needsReview = await prisma.webhookEvent.create({
    data: {
      provider: 'DEMO',
      eventId: `evt_view_review_${tag}`,
      type: 'checkout.session.async_payment_failed',
      outcome: 'NEEDS_REVIEW',
      paymentId: pendingPayment.id,
      receivedAt: new Date('2026-07-05T10:00:00Z'),
    },
  });

  // On the call list on 1 July (February 3 full months overdue), off it on 2 July: a dispute.
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, {
      accountId,
      asOf: new Date('2026-07-01T09:00:00Z'),
      rules: DEFAULT_RULES,
    }),
  );
  const resolved = await prisma.dispute.create({
    data: {
      accountId,
      openedBy: 'RESIDENT',
      category: 'SERVICE_NOT_PROVIDED',
      periodMonth: monthStartDate('2026-02'),
      description: 'Ліфт не працював з 3 по 13 лютого.',
      status: 'RESOLVED',
      resolution: 'ACCEPTED',
      resolutionNote: 'Перераховано 20,00 грн.',
      resolvedById: bob.id,
      assignedToId: bob.id,
      dueOn: new Date('2026-05-01T00:00:00Z'),
      createdAt: new Date('2026-04-10T09:00:00Z'),
      resolvedAt: new Date('2026-05-10T09:00:00Z'),
      messages: {
        create: [
          { authorKind: 'RESIDENT', body: 'Ліфт не працював.' },
          { authorKind: 'STAFF', staffUserId: bob.id, body: 'Перевіримо.' },
        ],
      },
    },
  });
  const open = await prisma.dispute.create({
    data: {
      accountId,
      openedBy: 'RESIDENT',
      category: 'WRONG_AREA',
      description: 'Площа квартири 48 м², а не 52.',
      assignedToId: alice.id,
      dueOn: new Date('2026-07-09T00:00:00Z'),
      createdAt: new Date('2026-06-10T09:00:00Z'),
      messages: { create: [{ authorKind: 'RESIDENT', body: 'Додаю техпаспорт.' }] },
    },
  });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, {
      accountId,
      asOf: new Date('2026-07-02T09:00:00Z'),
      rules: DEFAULT_RULES,
    }),
  );
  const pendingRequest = await prisma.adjustmentRequest.create({
    data: {
      accountId,
      disputeId: open.id,
      amountKopecks: -5_000,
      memo: 'Площа 48 м² за техпаспортом',
      status: 'PENDING',
      requestedById: alice.id,
      requestedAt: new Date('2026-06-12T09:00:00Z'),
    },
  });
  const approvedRequest = await prisma.adjustmentRequest.create({
    data: {
      accountId,
      amountKopecks: 1_500,
      memo: 'Заміна лампи в під’їзді',
      status: 'APPROVED',
      requestedById: alice.id,
      requestedAt: new Date('2026-04-19T09:00:00Z'),
      decidedById: bob.id,
      decidedAt: new Date('2026-04-20T09:00:00Z'),
      decisionNote: 'Так',
      ledgerEntryId: adjustment.id,
    },
  });
  await prisma.consentRecord.createMany({
    data: [
      {
        accountId,
        phoneE164: mobile,
        channel: 'SMS_REMINDERS',
        action: 'OPT_IN',
        source: 'WEB',
        evidence: { text: 'Я погоджуюся' },
        createdAt: new Date('2026-01-05T10:00:00Z'),
      },
      {
        accountId,
        phoneE164: mobile,
        channel: 'SMS_REMINDERS',
        action: 'OPT_OUT',
        source: 'STAFF',
        staffUserId: alice.id,
        createdAt: new Date('2026-02-05T10:00:00Z'),
      },
    ],
  });
  await prisma.smsMessage.createMany({
    data: Array.from({ length: STAFF_VIEW_SMS_LIMIT + 2 }, (_, i) => ({
      accountId,
      phoneE164: mobile,
      kind: 'REMINDER' as const,
      body: `Нагадування ${i}`,
      status: 'DELIVERED' as const,
      createdAt: new Date(Date.UTC(2026, 4, 1, 9, i)),
    })),
  });
  return {
    accountId,
    number: account.number,
    street: building.street,
    district: district.name,
    mobile,
    landline,
    alice,
    bob,
    serviceA,
    serviceB,
    paid,
    pendingPayment,
    processed,
    needsReview,
    febLift,
    adjustment,
    resolved,
    open,
    pendingRequest,
    approvedRequest,
  };
}

beforeAll(async () => {
  fixture = await buildAccount();
});

const view = () =>
  getStaffAccountView(prisma, { accountId: fixture.accountId, rules: DEFAULT_RULES, asOf: AS_OF });

describe('the staff account view', () => {
  it('is null for an unknown account', async () => {
    expect(
      await getStaffAccountView(prisma, { accountId: 2_000_000_000, rules: DEFAULT_RULES }),
    ).toBeNull();
  });

  it('shows the account, its address and its phones', async () => {
    const result = await view();
    expect(result?.account).toEqual({
      id: fixture.accountId,
      number: fixture.number,
      holderName: 'Мельник Світлана Олександрівна',
      address: {
        district: fixture.district,
        street: fixture.street,
        houseNumber: '14Б',
        apartment: '27',
      },
      areaCentiSqm: 5_200,
      status: 'ACTIVE',
      openedOn: monthStartDate('2015-06'),
      closedOn: null,
      preferredLocale: 'ru',
      contactPreference: 'CALLS',
      smsPhoneE164: null,
      doNotCall: false,
      balanceKopecks: 57_500,
      phones: [
        expect.objectContaining({
          e164: fixture.mobile,
          kind: 'MOBILE',
          isPrimary: true,
          callable: true,
          verifiedAt: new Date('2026-01-05T10:00:00Z'),
          smsFailedAt: new Date('2026-06-20T10:00:00Z'),
        }),
        expect.objectContaining({
          e164: fixture.landline,
          kind: 'LANDLINE',
          isPrimary: false,
          callable: false,
          verifiedAt: null,
          smsFailedAt: null,
        }),
      ],
    });
  });

  it('lists the ledger in effective order with the running balance', async () => {
    const result = await view();
    const lines = result?.ledger.map((line) => [
      line.kind,
      line.month,
      line.service?.code ?? null,
      line.tariff?.rateKopecksPerSqm ?? null,
      line.amountKopecks,
      line.runningBalanceKopecks,
    ]);
    const a = fixture.serviceA.code;
    const b = fixture.serviceB.code;
    expect(lines).toEqual([
      ['ACCRUAL', '2026-01', a, 250, 13_000, 13_000],
      ['ACCRUAL', '2026-01', b, 100, 5_200, 18_200],
      ['ACCRUAL', '2026-02', a, 250, 13_000, 31_200],
      ['ACCRUAL', '2026-02', b, 100, 5_200, 36_400],
      ['PAYMENT', null, null, null, -20_000, 16_400],
      ['ACCRUAL', '2026-03', a, 300, 15_600, 32_000],
      ['ACCRUAL', '2026-03', b, 100, 5_200, 37_200],
      ['ADJUSTMENT', null, null, null, 1_500, 38_700],
      ['ACCRUAL', '2026-04', a, 300, 15_600, 54_300],
      ['ACCRUAL', '2026-04', b, 100, 5_200, 59_500],
      ['REVERSAL', null, null, null, -2_000, 57_500],
    ]);
    // The last running balance is the account's balance.
    expect(result?.ledger.at(-1)?.runningBalanceKopecks).toBe(result?.account.balanceKopecks);
    const payment = result?.ledger[4];
    expect(payment).toMatchObject({
      paymentId: fixture.paid.id,
      receiptNumber: fixture.paid.receiptNumber,
    });
    expect(result?.ledger[7]).toMatchObject({
      memo: 'Заміна лампи в під’їзді',
      staff: { id: fixture.alice.id, name: 'Оксана Черненко' },
    });
    expect(result?.ledger[10]).toMatchObject({
      reversesEntryId: fixture.febLift.id.toString(),
      staff: { id: fixture.bob.id, name: 'Богдан Руденко' },
    });
    expect(result?.ledger[2]).toMatchObject({
      areaCentiSqm: 5_200,
      tariff: { rateKopecksPerSqm: 250, effectiveFrom: '2020-01' },
      service: { code: fixture.serviceA.code, uk: 'Прибирання', ru: 'Уборка', en: 'Cleaning' },
    });
  });

  it('groups the accruals by month and service with the tariff used and what was reversed', async () => {
    const result = await view();
    expect(
      result?.accruals.map((month) => [
        month.month,
        month.lines.map((line) => [
          line.service.en,
          line.areaCentiSqm,
          line.rateKopecksPerSqm,
          line.tariffEffectiveFrom,
          line.amountKopecks,
          line.reversedKopecks,
        ]),
        month.totalKopecks,
      ]),
    ).toEqual([
      [
        '2026-01',
        [
          ['Cleaning', 5_200, 250, '2020-01', 13_000, 0],
          ['Lift', 5_200, 100, '2020-01', 5_200, 0],
        ],
        18_200,
      ],
      [
        '2026-02',
        [
          ['Cleaning', 5_200, 250, '2020-01', 13_000, 0],
          ['Lift', 5_200, 100, '2020-01', 5_200, 2_000],
        ],
        16_200,
      ],
      [
        '2026-03',
        [
          ['Cleaning', 5_200, 300, '2026-03', 15_600, 0],
          ['Lift', 5_200, 100, '2020-01', 5_200, 0],
        ],
        20_800,
      ],
      [
        '2026-04',
        [
          ['Cleaning', 5_200, 300, '2026-03', 15_600, 0],
          ['Lift', 5_200, 100, '2020-01', 5_200, 0],
        ],
        20_800,
      ],
    ]);
  });

  it('ages the debt oldest first (rule 2)', async () => {
    const result = await view();
    expect(result?.arrears).toEqual({
      balance: 57_500,
      amountDue: 57_500,
      overdue: 57_500,
      overdueMonths: 3,
      oldestOverdueMonth: '2026-02',
      buckets: { '0-1': 0, '1-3': 43_100, '3-6': 14_400, '6-12': 0, '12+': 0 },
      unsettled: [
        { month: '2026-02', amount: 14_400, overdueMonths: 3 },
        { month: '2026-03', amount: 20_800, overdueMonths: 2 },
        { month: '2026-04', amount: 22_300, overdueMonths: 1 },
      ],
    });
  });

  it('explains the call list: on it on 1 July, off it since the dispute, and why now', async () => {
    const result = await view();
    expect(result?.callList).toMatchObject({
      onList: false,
      since: null,
      evaluation: { reason: 'DISPUTE_OPEN', overdue: 57_500, overdueMonths: 3 },
      minOverdueMonths: 3,
      minOverdueKopecks: 10_000,
    });
    expect(result?.callList.stays).toEqual([
      expect.objectContaining({
        phoneE164: fixture.mobile,
        overdueKopecks: 57_500,
        overdueMonths: 3,
        addedAt: new Date('2026-07-01T09:00:00Z'),
        removedAt: new Date('2026-07-02T09:00:00Z'),
        removalReason: 'DISPUTE_OPEN',
      }),
    ]);
    expect(result?.callList.events.map((event) => [event.action, event.reason])).toEqual([
      ['ADDED', 'OVERDUE'],
      ['REMOVED', 'DISPUTE_OPEN'],
    ]);
    expect(result?.callList.events[0]?.entryId).toBe(result?.callList.stays[0]?.id);
  });

  it('lists payments with their provider events, newest first', async () => {
    const result = await view();
    expect(result?.payments).toEqual([
      expect.objectContaining({
        id: fixture.pendingPayment.id,
        provider: 'DEMO',
        status: 'PENDING',
        amountKopecks: 10_000,
        refundedKopecks: 0,
        webhookEvents: [
          expect.objectContaining({
            eventId: fixture.needsReview.eventId,
            type: 'checkout.session.async_payment_failed',
            outcome: 'NEEDS_REVIEW',
            review: null,
            receivedAt: new Date('2026-07-05T10:00:00Z'),
          }),
        ],
      }),
      expect.objectContaining({
        id: fixture.paid.id,
        provider: 'STRIPE',
        providerPaymentId: fixture.paid.providerPaymentId,
        checkoutSessionId: fixture.paid.checkoutSessionId,
        receiptNumber: fixture.paid.receiptNumber,
        status: 'SUCCEEDED',
        amountKopecks: 20_000,
        currency: 'UAH',
        succeededAt: new Date('2026-03-15T09:00:00Z'),
        reversals: [],
        webhookEvents: [
          expect.objectContaining({
            id: fixture.processed.id,
            type: 'checkout.session.completed',
            outcome: 'PROCESSED',
          }),
        ],
      }),
    ]);
    expect(result?.attachedWebhookEvents).toEqual([]);
  });

  it('shows disputes, adjustment requests, consents and the latest SMS', async () => {
    const result = await view();
    expect(result?.disputes).toEqual([
      expect.objectContaining({
        id: fixture.open.id,
        status: 'OPEN',
        category: 'WRONG_AREA',
        dueOn: '2026-07-09',
        pastDue: true,
        assignedTo: { id: fixture.alice.id, name: 'Оксана Черненко' },
        messageCount: 1,
      }),
      expect.objectContaining({
        id: fixture.resolved.id,
        status: 'RESOLVED',
        month: '2026-02',
        dueOn: '2026-05-01',
        pastDue: false,
        resolution: 'ACCEPTED',
        assignedTo: { id: fixture.bob.id, name: 'Богдан Руденко' },
        messageCount: 2,
      }),
    ]);
    expect(result?.adjustmentRequests).toEqual([
      expect.objectContaining({
        id: fixture.pendingRequest.id,
        disputeId: fixture.open.id,
        amountKopecks: -5_000,
        status: 'PENDING',
        requestedBy: { id: fixture.alice.id, name: 'Оксана Черненко' },
        decidedBy: null,
        ledgerEntryId: null,
      }),
      expect.objectContaining({
        id: fixture.approvedRequest.id,
        status: 'APPROVED',
        decidedBy: { id: fixture.bob.id, name: 'Богдан Руденко' },
        ledgerEntryId: fixture.adjustment.id.toString(),
      }),
    ]);
    expect(result?.consents.map((c) => [c.action, c.source, c.staff?.name ?? null])).toEqual([
      ['OPT_OUT', 'STAFF', 'Оксана Черненко'],
      ['OPT_IN', 'WEB', null],
    ]);
    expect(result?.sms).toHaveLength(STAFF_VIEW_SMS_LIMIT);
    expect(result?.sms[0]?.body).toBe(`Нагадування ${STAFF_VIEW_SMS_LIMIT + 1}`);
    expect(result?.sms.at(-1)?.body).toBe('Нагадування 2');
  });

  it('lists what is pending, oldest first', async () => {
    const result = await view();
    expect(result?.pending).toEqual([
      { kind: 'DISPUTE', id: fixture.open.id, since: fixture.open.createdAt, pastDue: true },
      {
        kind: 'ADJUSTMENT_REQUEST',
        id: fixture.pendingRequest.id,
        since: new Date('2026-06-12T09:00:00Z'),
      },
      {
        kind: 'PAYMENT_PENDING',
        id: fixture.pendingPayment.id,
        since: new Date('2026-07-05T09:00:00Z'),
      },
      {
        kind: 'WEBHOOK_NEEDS_REVIEW',
        id: fixture.needsReview.id,
        since: new Date('2026-07-05T10:00:00Z'),
      },
    ]);
  });

  it('writes nothing, not even an audit entry (the caller does)', async () => {
    const before = await prisma.auditLog.count({ where: { accountId: fixture.accountId } });
    await prisma.$transaction((tx) =>
      getStaffAccountView(tx, { accountId: fixture.accountId, rules: DEFAULT_RULES, asOf: AS_OF }),
    );
    await view();
    expect(await prisma.auditLog.count({ where: { accountId: fixture.accountId } })).toBe(before);
    expect(before).toBe(0);
  });
});
