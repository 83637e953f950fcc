/**
 * Starting a checkout reveals whether an account exists and costs a provider API call: it
 * spends the client's shared look-up budget, and is limited per client and per account
 * (issue 12, defect 4). Against the real PostgreSQL server, with a counting provider.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountWithDebt, uniqueAccountNumber } from '@/test/factories';
import { getPrisma } from '../../server/db';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME } from '../accounts/account-number';
import { LOOKUP_LIMIT } from '../accounts/look-up-within-budget';
import { isAppError } from '../app-error';
import { CHECKOUT_LIMITS, type CheckoutProvider, startCheckout } from './start-checkout';

const prisma = getPrisma();
let created = 0;
const provider: CheckoutProvider = {
  name: 'DEMO',
  async createSession() {
    created += 1;
    const id = `cs_test_${randomBytes(8).toString('hex')}`;
    return { id, url: `https://pay.example/${id}` };
  },
};

afterAll(async () => {
  await prisma.$disconnect();
});

const start = (accountNumber: string, clientKey: string) =>
  startCheckout(prisma, provider, {
    accountNumber,
    amount: '100',
    locale: 'uk',
    appUrl: 'http://test',
    scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
    clientKey,
  });

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'STARTED';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

describe('starting a checkout', () => {
  it('spends the look-up budget: probing numbers is refused after the same 30 as the look-up', async () => {
    const client = randomBytes(8).toString('hex');
    const outcomes: string[] = [];
    for (let i = 0; i <= LOOKUP_LIMIT; i++)
      outcomes.push(await outcome(start(uniqueAccountNumber(), client)));
    expect(outcomes.slice(0, LOOKUP_LIMIT).every((o) => o === 'NOT_FOUND')).toBe(true);
    expect(outcomes[LOOKUP_LIMIT]).toBe('RATE_LIMITED');
  });

  it('is limited per account whoever starts it, and the provider is not called beyond', async () => {
    const debtor = await createAccountWithDebt(prisma, {
      months: ['2026-01'],
      monthlyKopecks: 1_000,
    });
    const before = created;
    const outcomes: string[] = [];
    for (let i = 0; i <= CHECKOUT_LIMITS.perAccountPerHour; i++) {
      outcomes.push(await outcome(start(debtor.accountNumber, randomBytes(8).toString('hex'))));
    }
    expect(outcomes.filter((o) => o === 'STARTED')).toHaveLength(CHECKOUT_LIMITS.perAccountPerHour);
    expect(outcomes.at(-1)).toBe('RATE_LIMITED');
    expect(created - before).toBe(CHECKOUT_LIMITS.perAccountPerHour);
  });
});
