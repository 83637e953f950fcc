/**
 * The call-list rule learns plans in its one SQL definition (issue 11): after the set-based
 * rebuild, every account's membership and removal reason equal what the per-account refresh
 * evaluates, with plans kept, late, broken, paid off and pending among the accounts. On a
 * database of its own (the rebuild re-evaluates every account).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { applyMigrations } from '../../../scripts/db/schema-engine';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../../../test/database';
import { createPrismaClient, type PrismaClient } from '../../server/db';
import { evaluateCallList } from '../call-list/evaluate-call-list';
import { rebuildCallList } from '../call-list/rebuild-call-list';
import { bookProviderPayment } from '../payments/book-provider-payment';
import { requestPaymentPlan } from './request-payment-plan';

let database: TestDatabase;
let prisma: PrismaClient;
const rules = DEFAULT_RULES;
const T0 = new Date('2026-12-01T08:00:00Z');
const policy = {
  minInstalments: 3,
  maxInstalments: 12,
  autoMaxKopecks: 1_500_000,
  autoMaxInstalments: 12,
  brokenCooldownMonths: 12,
};

beforeAll(async () => {
  database = await createTestDatabase(inject('testServerUrl'));
  await applyMigrations(database.url);
  prisma = createPrismaClient(database.url, 4);
});

afterAll(async () => {
  await prisma.$disconnect();
  if (database) await dropTestDatabase(database.name, inject('testServerUrl'));
});

async function pay(accountId: number, kopecks: number, when: Date) {
  await prisma.$transaction((tx) =>
    bookProviderPayment(
      { tx, now: when, rules, enqueuePaymentConfirmation: async () => {} },
      {
        providerPaymentId: `pi_rb_${randomBytes(8).toString('hex')}`,
        checkoutSessionId: null,
        shares: [{ accountId, amountKopecks: kopecks }],
      },
    ),
  );
}

describe('rebuild and refresh agree with plans among the accounts', () => {
  it('membership and reasons match account by account, on three days', async () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
    const ids: number[] = [];
    // paid towards the plan: none, one instalment, all; a pending plan; and no plan at all.
    for (const scenario of ['none', 'one', 'all', 'pending', 'no-plan', 'sms'] as const) {
      const debtor = await createAccountWithDebt(prisma, {
        months,
        monthlyKopecks: 50_000,
        contactPreference: scenario === 'sms' ? 'SMS' : 'CALLS',
      });
      ids.push(debtor.accountId);
      if (scenario === 'no-plan') continue;
      await requestPaymentPlan(prisma, {
        accountId: debtor.accountId,
        instalments: 6,
        locale: 'uk',
        rules,
        policy: scenario === 'pending' ? { ...policy, autoMaxKopecks: 1 } : policy,
        now: T0,
      });
      if (scenario === 'one') await pay(debtor.accountId, 50_000, new Date('2026-12-15T10:00:00Z'));
      if (scenario === 'all')
        await pay(debtor.accountId, 300_000, new Date('2026-12-15T10:00:00Z'));
    }
    for (const day of ['2026-12-20', '2027-01-12', '2027-02-12']) {
      const asOf = new Date(`${day}T10:00:00Z`);
      await rebuildCallList(prisma, { rules, asOf });
      for (const accountId of ids) {
        const evaluation = await evaluateCallList(prisma, { accountId, asOf, rules });
        const open = await prisma.callListEntry.count({ where: { accountId, removedAt: null } });
        expect(open === 1, `account ${accountId} on ${day}: ${evaluation.reason}`).toBe(
          evaluation.reason === 'OVERDUE',
        );
      }
      const reasons = await Promise.all(
        ids.map(
          async (accountId) => (await evaluateCallList(prisma, { accountId, asOf, rules })).reason,
        ),
      );
      if (day === '2026-12-20') {
        // none, one: kept; all: paid up; pending: called; no plan: called; sms: SMS chosen.
        expect(reasons).toEqual([
          'PAYMENT_PLAN',
          'PAYMENT_PLAN',
          'PAID',
          'OVERDUE',
          'OVERDUE',
          'PAYMENT_PLAN',
        ]);
      }
      if (day === '2027-01-12') {
        // The first instalment's grace ended on the 11th: only "one" still keeps its plan.
        expect(reasons).toEqual([
          'OVERDUE',
          'PAYMENT_PLAN',
          'PAID',
          'OVERDUE',
          'OVERDUE',
          'SMS_OPT_IN',
        ]);
      }
    }
  });
});
