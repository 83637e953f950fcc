/**
 * What the page a payer returns to says about a checkout that has not been booked: waiting while
 * the session is open, cancelled only when they came back through the cancel link, expired when
 * the provider ended the session unpaid, failed when declined; unknown for anything else. Against
 * the real PostgreSQL server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountWithDebt } from '@/test/factories';
import { getPrisma } from '../../server/db';
import { getPaymentResult } from './get-payment-result';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

async function sessionOf(status: 'OPEN' | 'EXPIRED' | 'FAILED') {
  const debtor = await createAccountWithDebt(prisma, {
    months: ['2026-01'],
    monthlyKopecks: 1_000,
  });
  const id = `cs_test_${randomBytes(8).toString('hex')}`;
  await prisma.checkoutSession.create({
    data: {
      id,
      accountId: debtor.accountId,
      provider: 'DEMO',
      amountKopecks: 1_000,
      locale: 'uk',
      status,
      url: `https://pay.example/${id}`,
    },
  });
  return { id, accountNumber: debtor.accountNumber };
}

describe('the payment result of a checkout not booked', () => {
  it('an open session is PROCESSING, or CANCELLED when the payer came back through cancel', async () => {
    const { id, accountNumber } = await sessionOf('OPEN');
    expect(await getPaymentResult(prisma, { sessionId: id })).toEqual({
      state: 'PROCESSING',
      accountNumber,
      amountKopecks: 1_000,
      // A session recorded without shares (as before several-account checkouts) is one share.
      shares: [{ accountNumber, amountKopecks: 1_000 }],
    });
    expect(await getPaymentResult(prisma, { sessionId: id, cancelled: true })).toMatchObject({
      state: 'CANCELLED',
    });
  });

  it('an expired session is EXPIRED (the time ran out), but CANCELLED when the payer cancelled', async () => {
    const { id } = await sessionOf('EXPIRED');
    expect(await getPaymentResult(prisma, { sessionId: id })).toMatchObject({ state: 'EXPIRED' });
    expect(await getPaymentResult(prisma, { sessionId: id, cancelled: true })).toMatchObject({
      state: 'CANCELLED',
    });
  });

  it('a declined session is FAILED', async () => {
    const { id } = await sessionOf('FAILED');
    expect(await getPaymentResult(prisma, { sessionId: id })).toMatchObject({ state: 'FAILED' });
  });

  it.each(['', 'cs_', 'cs_test_nosuchsession', 'pi_123', 'cs_test_<script>'])(
    'anything else (%j) is UNKNOWN',
    async (sessionId) => {
      expect(await getPaymentResult(prisma, { sessionId })).toEqual({ state: 'UNKNOWN' });
    },
  );
});
