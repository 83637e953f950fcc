/**
 * Instalment reminders (issue 11): a resident who chose SMS and keeps a payment plan is
 * reminded of the next instalment through the ordinary reminder runs (their hours and their
 * one-a-week limit), not of the whole overdue debt; paying the instalment stops the next one.
 * A database of its own: a run looks at every account that chose SMS.
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
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { bookProviderPayment } from '../payments/book-provider-payment';
import { runReminders } from '../reminders/run-reminders';
import { requestPaymentPlan } from './request-payment-plan';

let db: MigratedTestDatabase;
let prisma: PrismaClient;
const rules = DEFAULT_RULES;
const sent: { to: string; body: string }[] = [];
const transport = createLogTransport(() => {});
const capturing = {
  ...transport,
  async send(to: string, body: string) {
    sent.push({ to, body });
    return transport.send(to, body);
  },
};
const calendar = { startHour: 9, endHour: 20, holidays: new Set<string>() };
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
const T0 = new Date('2026-12-01T08:00:00Z');
let onPlan = { accountId: 0, phone: '' as string | null };
let withoutPlan = { accountId: 0, phone: '' as string | null };

const run = (at: string) =>
  runReminders(prisma, {
    worker: 'test',
    rules,
    calendar,
    transport: capturing,
    payUrl: (accountId) => `https://kvp.ua/p/T${accountId}`,
    now: () => new Date(at),
  });

const to = (phone: string | null) => sent.filter((message) => message.to === phone);

beforeAll(async () => {
  db = await createMigratedTestDatabase(inject('testServerUrl'));
  prisma = createPrismaClient(db.url, 4);
  for (const which of ['plan', 'none'] as const) {
    const debtor = await createAccountWithDebt(prisma, {
      months: MONTHS,
      monthlyKopecks: 50_000,
      contactPreference: 'SMS',
    });
    await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, { accountId: debtor.accountId, asOf: T0, rules }),
    );
    if (which === 'plan') {
      await requestPaymentPlan(prisma, {
        accountId: debtor.accountId,
        instalments: 6,
        locale: 'uk',
        rules,
        policy: {
          minInstalments: 3,
          maxInstalments: 12,
          autoMaxKopecks: 1_500_000,
          autoMaxInstalments: 12,
          brokenCooldownMonths: 12,
        },
        now: T0,
      });
      onPlan = debtor;
    } else withoutPlan = debtor;
  }
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('instalment reminders by SMS', () => {
  it('nothing for the plan while its first instalment is more than three days away; the other debtor gets the ordinary reminder', async () => {
    await run('2026-12-08T09:00:00Z'); // Tuesday 11:00 Kyiv
    expect(to(onPlan.phone)).toHaveLength(0);
    expect(to(withoutPlan.phone)).toHaveLength(1);
    expect(to(withoutPlan.phone)[0]?.body).not.toContain('Внесок');
  });

  it('three days before the due date: the instalment, its day and the pay link; then not again that week', async () => {
    await run('2026-12-29T09:00:00Z'); // Tuesday; due 2027-01-01
    expect(to(onPlan.phone).map((m) => m.body)).toEqual([
      `Внесок 500,00 грн до 01.01: https://kvp.ua/p/T${onPlan.accountId}`,
    ]);
    await run('2026-12-30T09:00:00Z');
    expect(to(onPlan.phone)).toHaveLength(1);
    const reminder = await prisma.smsReminder.findFirstOrThrow({
      where: { accountId: onPlan.accountId, status: 'SENT' },
    });
    expect(reminder.instalmentDueDate?.toISOString().slice(0, 10)).toBe('2027-01-01');
  });

  it('late within the grace days: reminded of what is left; paid, the next reminder waits for the next instalment', async () => {
    await run('2027-01-05T09:00:00Z'); // a week after: late, within the grace days
    expect(to(onPlan.phone)).toHaveLength(2);
    await prisma.$transaction((tx) =>
      bookProviderPayment(
        {
          tx,
          now: new Date('2027-01-06T10:00:00Z'),
          rules,
          enqueuePaymentConfirmation: async () => {},
        },
        {
          providerPaymentId: `pi_${randomBytes(6).toString('hex')}`,
          checkoutSessionId: null,
          shares: [{ accountId: onPlan.accountId, amountKopecks: 50_000 }],
        },
      ),
    );
    await run('2027-01-13T09:00:00Z'); // next due 2027-02-01: not within three days
    expect(to(onPlan.phone)).toHaveLength(2);
    await run('2027-01-29T09:00:00Z'); // Friday, three days before
    expect(to(onPlan.phone).at(-1)?.body).toBe(
      `Внесок 500,00 грн до 01.02: https://kvp.ua/p/T${onPlan.accountId}`,
    );
  });
});
