/**
 * Builders for integration tests that share the run's database: every call makes its own
 * district, category, service, building and account with random unique keys, so tests never
 * depend on each other's rows (or on the demo seed).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { monthStartDate } from '../lib/dates';
import { withCheckDigit } from '../lib/domain/accounts/account-number';
import { apiKeyPrefix, hashApiKey } from '../lib/domain/dialer/api-key-hash';
import type { PrismaClient } from '../lib/server/db';

export function uniqueAccountNumber(): string {
  return withCheckDigit(`8${String(randomInt(0, 100_000_000)).padStart(8, '0')}`);
}

export function uniquePhone(): string {
  return `+38067${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/**
 * An account charged `monthlyKopecks` for each month in `months` (one service), with a
 * callable phone unless `phone: null`.
 */
export async function createAccountWithDebt(
  prisma: PrismaClient,
  options: {
    months: string[];
    monthlyKopecks: number;
    phone?: string | null;
    contactPreference?: 'CALLS' | 'SMS';
    holderName?: string;
  },
): Promise<{ accountId: number; accountNumber: string; phone: string | null }> {
  const tag = randomBytes(6).toString('hex');
  const district = await prisma.district.create({ data: { name: `Test district ${tag}` } });
  const category = await prisma.tariffCategory.create({
    data: { code: `T_${tag}`, nameUk: 'тест', nameRu: 'тест', nameEn: 'test', hasLift: false },
  });
  const service = await prisma.serviceComponent.create({
    data: { code: `S_${tag}`, nameUk: 'тест', nameRu: 'тест', nameEn: 'test', sortOrder: 1 },
  });
  // 100.00 m² at monthlyKopecks / 100 per m²: the accrual is exactly monthlyKopecks.
  const tariff = await prisma.tariff.create({
    data: {
      categoryId: category.id,
      serviceId: service.id,
      rateKopecksPerSqm: options.monthlyKopecks / 100,
      effectiveFrom: monthStartDate('2020-01'),
    },
  });
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: `вул. Тестова ${tag}`,
      houseNumber: '1',
      floors: 5,
    },
  });
  const phone = options.phone === undefined ? uniquePhone() : options.phone;
  const accountNumber = uniqueAccountNumber();
  const account = await prisma.account.create({
    data: {
      number: accountNumber,
      buildingId: building.id,
      apartment: '1',
      holderName: options.holderName ?? 'Тестенко Тест Тестович',
      areaCentiSqm: 10_000,
      openedOn: monthStartDate('2020-01'),
      contactPreference: options.contactPreference ?? 'CALLS',
      // Who chose SMS has a verified number for it (the account_sms_needs_phone check).
      smsPhoneE164: options.contactPreference === 'SMS' ? phone : null,
      billAccessCodeHash: `test-${tag}`,
      phones: phone
        ? {
            create: {
              e164: phone,
              kind: 'MOBILE',
              isPrimary: true,
              verifiedAt: options.contactPreference === 'SMS' ? new Date() : null,
            },
          }
        : undefined,
    },
  });
  for (const month of options.months) {
    await prisma.billingPeriod.upsert({
      where: { month: monthStartDate(month) },
      create: { month: monthStartDate(month), status: 'CLOSED', closedAt: new Date() },
      update: {},
    });
  }
  await prisma.ledgerEntry.createMany({
    data: options.months.map((month) => ({
      accountId: account.id,
      kind: 'ACCRUAL' as const,
      amountKopecks: options.monthlyKopecks,
      periodMonth: monthStartDate(month),
      serviceId: service.id,
      tariffId: tariff.id,
      areaCentiSqm: 10_000,
      effectiveAt: monthStartDate(month),
    })),
  });
  return { accountId: account.id, accountNumber, phone };
}

/** A dialer API key (the plain key is returned; only its hash is stored). */
export async function createDialerKey(
  prisma: PrismaClient,
  options: { revoked?: boolean } = {},
): Promise<string> {
  const key = `kvp_test_${randomBytes(24).toString('hex')}`;
  await prisma.dialerApiKey.create({
    data: {
      name: 'Test dialer',
      prefix: apiKeyPrefix(key) + randomBytes(4).toString('hex'),
      keyHash: hashApiKey(key),
      revokedAt: options.revoked ? new Date() : null,
    },
  });
  return key;
}
