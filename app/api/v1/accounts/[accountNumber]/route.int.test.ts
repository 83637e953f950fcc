/**
 * GET /api/v1/accounts/{accountNumber}: the public lookup answers 200 with the masked summary
 * only, 400 with a reason for malformed numbers, 404 for unknown ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthStartDate } from '@/lib/dates';
import { withCheckDigit } from '@/lib/domain/accounts/account-number';
import { getPrisma } from '@/lib/server/db';
import { getAuthSecret } from '@/lib/server/env';
import { markPeer } from '@/lib/server/peer-address';
import { GET } from './route';

/** Headers as the portal's server (scripts/serve.ts) hands a request from `peer` to Next. */
function fromPeer(peer: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string | string[] | undefined> = { ...extra };
  markPeer(headers, peer, getAuthSecret());
  return headers as Record<string, string>;
}

const serial = `77${String(Date.now()).slice(-7)}`;
const number = withCheckDigit(serial);

async function lookup(accountNumber: string, headers: Record<string, string> = {}) {
  const response = await GET(
    new Request(`http://test/api/v1/accounts/${accountNumber}`, { headers }),
    {
      params: Promise.resolve({ accountNumber }),
    },
  );
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    response,
  };
}

beforeAll(async () => {
  const prisma = getPrisma();
  const district = await prisma.district.create({ data: { name: `Lookup test ${serial}` } });
  const category = await prisma.tariffCategory.create({
    data: { code: `LOOKUP_${serial}`, nameUk: 'т', nameRu: 'т', nameEn: 't', hasLift: false },
  });
  const service = await prisma.serviceComponent.create({
    data: { code: `LOOKUP_${serial}`, nameUk: 'т', nameRu: 'т', nameEn: 't', sortOrder: 9 },
  });
  const tariff = await prisma.tariff.create({
    data: {
      categoryId: category.id,
      serviceId: service.id,
      rateKopecksPerSqm: 500,
      effectiveFrom: monthStartDate('2025-01'),
    },
  });
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: 'просп. Науки',
      houseNumber: `${serial}А`,
      floors: 5,
    },
  });
  const account = await prisma.account.create({
    data: {
      number,
      buildingId: building.id,
      apartment: '43Б',
      holderName: 'Петренко Ганна Іванівна',
      areaCentiSqm: 6_000,
      openedOn: monthStartDate('2020-01'),
      billAccessCodeHash: 'secret-hash',
      phones: { create: { e164: '+380501112233', kind: 'MOBILE' } },
    },
  });
  for (const month of ['2025-01', '2025-02']) {
    await prisma.billingPeriod.upsert({
      where: { month: monthStartDate(month) },
      create: { month: monthStartDate(month), status: 'CLOSED', closedAt: new Date('2025-03-01') },
      update: {},
    });
    await prisma.ledgerEntry.create({
      data: {
        accountId: account.id,
        kind: 'ACCRUAL',
        amountKopecks: 30_000, // 60.00 m² × 5.00
        periodMonth: monthStartDate(month),
        serviceId: service.id,
        tariffId: tariff.id,
        areaCentiSqm: 6_000,
        effectiveAt: new Date(`${month}-28T00:00:00Z`),
      },
    });
  }
});

afterAll(async () => {
  await getPrisma().$disconnect();
});

describe('GET /api/v1/accounts/{accountNumber}', () => {
  it('answers 200 with the masked summary and nothing else', async () => {
    const { status, body, response } = await lookup(number);
    expect(status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      accountNumber: number,
      address: `просп. Науки, ${serial}А`,
      holder: 'П. Г. І.',
      currency: 'UAH',
      amountDue: 60_000,
      overdue: 60_000,
      overdueMonths: expect.any(Number),
      onCallList: false,
    });
    const text = JSON.stringify(body);
    for (const secret of ['43Б', 'Петренко', 'Ганна', '+380501112233', 'secret-hash']) {
      expect(text).not.toContain(secret);
    }
  });

  it('accepts the number with spaces and dashes', async () => {
    const spaced = `${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8)}`;
    expect((await lookup(encodeURIComponent(spaced))).status).toBe(200);
  });

  it.each([
    ['abc', 'NOT_DIGITS'],
    ['12345', 'WRONG_LENGTH'],
    [`${serial}${(Number(number.slice(-1)) + 1) % 10}`, 'BAD_CHECK_DIGIT'],
    ['%20', 'EMPTY'],
    [encodeURIComponent("1' OR '1'='1"), 'NOT_DIGITS'],
  ])('malformed %j → 400 %s', async (input, reason) => {
    const { status, body } = await lookup(input);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'INVALID_ACCOUNT_NUMBER', reason });
  });

  it('an unknown but well-formed number → 404 with nothing else', async () => {
    const unknown = withCheckDigit('999999999');
    const { status, body } = await lookup(unknown);
    expect(status).toBe(404);
    expect(body).toEqual({ error: 'ACCOUNT_NOT_FOUND' });
  });

  it('answers 429 with Retry-After once a client has used its lookup budget, others unaffected', async () => {
    const client = fromPeer(`198.51.100.${Math.floor(Math.random() * 250)}`);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await lookup(number, client)).status);
    expect(statuses).toEqual([...Array(30).fill(200), 429]);
    const limited = await lookup(number, client);
    expect(limited.status).toBe(429);
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ error: 'RATE_LIMITED' });
    expect((await lookup(number, fromPeer('203.0.113.7'))).status).toBe(200);
  });

  it('a client cannot spread look-ups over made-up addresses (X-Real-IP, X-Forwarded-For)', async () => {
    const peer = `192.0.2.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    // 61 tries: even if they straddle the end of a 5-minute window, a 429 must come.
    for (let i = 0; i < 61; i++) {
      const spoofed = { 'x-real-ip': `10.0.${i}.1`, 'x-forwarded-for': `10.1.${i}.1` };
      statuses.push((await lookup(number, fromPeer(peer, spoofed))).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(60);
  });
});
