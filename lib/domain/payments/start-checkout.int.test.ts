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
import {
  CHECKOUT_LIMITS,
  type CheckoutProvider,
  startCheckout,
  startLinkedCheckout,
} from './start-checkout';

const prisma = getPrisma();
let created = 0;
let lastShares: unknown;
const provider: CheckoutProvider = {
  name: 'DEMO',
  async createSession(input) {
    created += 1;
    lastShares = input.shares;
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

describe('one checkout for several linked accounts', () => {
  async function linked() {
    const a = await createAccountWithDebt(prisma, { months: ['2026-01'], monthlyKopecks: 1_000 });
    const b = await createAccountWithDebt(prisma, { months: ['2026-01'], monthlyKopecks: 2_000 });
    const c = await createAccountWithDebt(prisma, { months: ['2026-01'], monthlyKopecks: 3_000 });
    return {
      a,
      b,
      c,
      session: [a, b, c].map((x) => ({ accountId: x.accountId, accountNumber: x.accountNumber })),
    };
  }
  const startFor = (
    session: { accountId: number; accountNumber: string }[],
    amounts: [number, string][],
  ) =>
    startLinkedCheckout(prisma, provider, {
      linked: session,
      amounts: new Map(amounts),
      locale: 'uk',
      appUrl: 'http://test',
      clientKey: randomBytes(8).toString('hex'),
    });
  async function problem(promise: Promise<unknown>) {
    try {
      await promise;
      return 'STARTED';
    } catch (error) {
      if (isAppError(error, 'INVALID_INPUT')) return JSON.stringify(error.details);
      throw error;
    }
  }

  it('opens one session with a share per account that has an amount, in the session order', async () => {
    const { a, c, session } = await linked();
    const { sessionId } = await startFor(session, [
      [c.accountId, '30,00'],
      [session[1]?.accountId ?? 0, ''],
      [a.accountId, '6 560,82'],
    ]);
    expect(lastShares).toEqual([
      { accountNumber: a.accountNumber, amountKopecks: 656_082 },
      { accountNumber: c.accountNumber, amountKopecks: 3_000 },
    ]);
    const stored = await prisma.checkoutSession.findUniqueOrThrow({
      where: { id: sessionId },
      include: { shares: { orderBy: { shareIndex: 'asc' } } },
    });
    expect(stored).toMatchObject({ accountId: a.accountId, amountKopecks: 659_082 });
    expect(stored.shares.map((s) => [s.shareIndex, s.accountId, s.amountKopecks])).toEqual([
      [0, a.accountId, 656_082],
      [1, c.accountId, 3_000],
    ]);
  });

  it('refuses, opening nothing: an account not linked, no amount at all, a bad amount, a total above one payment', async () => {
    const { a, b, session } = await linked();
    const stranger = await createAccountWithDebt(prisma, {
      months: ['2026-01'],
      monthlyKopecks: 1_000,
    });
    const before = created;
    expect(await problem(startFor(session, [[stranger.accountId, '10']]))).toBe(
      JSON.stringify({ field: 'form', problem: 'UNLINKED' }),
    );
    expect(
      await problem(
        startFor(session, [
          [a.accountId, ''],
          [b.accountId, '  '],
        ]),
      ),
    ).toBe(JSON.stringify({ field: 'form', problem: 'NOTHING' }));
    expect(await problem(startFor(session, [[b.accountId, 'abc']]))).toBe(
      JSON.stringify({ field: 'amount', accountId: b.accountId, problem: 'NOT_A_NUMBER' }),
    );
    expect(await problem(startFor(session, [[b.accountId, '0,50']]))).toBe(
      JSON.stringify({ field: 'amount', accountId: b.accountId, problem: 'TOO_SMALL' }),
    );
    expect(
      await problem(
        startFor(session, [
          [a.accountId, '60000'],
          [b.accountId, '60000'],
        ]),
      ),
    ).toBe(JSON.stringify({ field: 'form', problem: 'TOTAL_TOO_LARGE' }));
    expect(created).toBe(before);
  });
});
