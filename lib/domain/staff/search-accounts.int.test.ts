/**
 * The staff console's account search on the real PostgreSQL server: names in any case and
 * either spelling (kvp_fold in SQL), phones in any format, account numbers with separators,
 * addresses as staff type them, hostile input, pagination and the call-list flag. Every test
 * makes its own rows under a random surname or street, so other tests' rows never interfere.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt, uniqueAccountNumber, uniquePhone } from '@/test/factories';
import { addMonths, kyivMonthOf, monthStartDate } from '../../dates';
import { getPrisma } from '../../server/db';
import {
  DEFAULT_ACCOUNT_NUMBER_SCHEME,
  formatAccountNumber,
  parseAccountNumber,
} from '../accounts/account-number';
import { isAppError } from '../app-error';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { parseAddressQuery, type SearchKind, searchAccounts } from './search-accounts';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

const SYLLABLES = ['бра', 'ко', 'ву', 'зе', 'ли', 'ти', 'пу', 'ра', 'до', 'ха', 'жи', 'цу', 'мо'];

/** A made-up surname stem no other test uses ("Кожицура"). */
function uniqueStem(): string {
  const stem = Array.from({ length: 5 }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join('');
  return stem.charAt(0).toUpperCase() + stem.slice(1);
}

async function createBuilding(street: string, houseNumber: string): Promise<number> {
  const tag = randomBytes(6).toString('hex');
  const district = await prisma.district.create({ data: { name: `Search district ${tag}` } });
  const category = await prisma.tariffCategory.create({
    data: { code: `SRCH_${tag}`, nameUk: 'тест', nameRu: 'тест', nameEn: 'test', hasLift: false },
  });
  const building = await prisma.building.create({
    data: { districtId: district.id, categoryId: category.id, street, houseNumber, floors: 9 },
  });
  return building.id;
}

async function createAccount(options: {
  buildingId: number;
  apartment: string;
  holderName: string;
  number?: string;
  phones?: { e164: string; kind: 'MOBILE' | 'LANDLINE' }[];
  smsPhone?: string;
}): Promise<{ accountId: number; number: string }> {
  const number = options.number ?? uniqueAccountNumber();
  const account = await prisma.account.create({
    data: {
      number,
      buildingId: options.buildingId,
      apartment: options.apartment,
      holderName: options.holderName,
      areaCentiSqm: 5_000,
      openedOn: monthStartDate('2020-01'),
      contactPreference: options.smsPhone ? 'SMS' : 'CALLS',
      smsPhoneE164: options.smsPhone ?? null,
      billAccessCodeHash: `search-${randomBytes(6).toString('hex')}`,
      phones: options.phones
        ? { create: options.phones.map((phone, i) => ({ ...phone, isPrimary: i === 0 })) }
        : undefined,
    },
  });
  return { accountId: account.id, number };
}

async function aBuilding(): Promise<number> {
  return createBuilding(`вул. ${uniqueStem()}на`, String(randomInt(1, 240)));
}

const search = (query: string, kind: SearchKind = 'auto', page = 1, pageSize = 100) =>
  searchAccounts(prisma, {
    query,
    kind,
    page,
    pageSize,
    scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
  });

const ids = (result: { rows: { accountId: number }[] }) => result.rows.map((row) => row.accountId);

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT')) return error.details;
    throw error;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('searching by name', () => {
  it('finds a fragment in any case, in Ukrainian or Russian spelling, words in any order', async () => {
    const building = await aBuilding();
    const melnyk = await createAccount({
      buildingId: building,
      apartment: '3',
      holderName: 'Мельник Світлана Олександрівна',
    });
    for (const query of ['мельник', 'МЕЛЬН', 'Светлана', 'Мельник Светлана', 'светлана мельник']) {
      const result = await search(query);
      expect(result.kind, query).toBe('name');
      expect(ids(result), query).toContain(melnyk.accountId);
    }
    const row = (await search('Мельник Світлана')).rows.find(
      (r) => r.accountId === melnyk.accountId,
    );
    expect(row).toMatchObject({
      number: melnyk.number,
      apartment: '3',
      holderName: 'Мельник Світлана Олександрівна',
      balanceKopecks: 0,
      onCallList: false,
      callListSince: null,
    });
    // Explicitly as a name, too; "Мельничук" is not "Мельник Світлана".
    expect(ids(await search('мельник светлана', 'name'))).toContain(melnyk.accountId);
  });

  it('puts names that start with the query first, then the closest', async () => {
    const stem = uniqueStem();
    const building = await aBuilding();
    const inside = await createAccount({
      buildingId: building,
      apartment: '1',
      holderName: `Коваль-${stem} Марія Іванівна`,
    });
    const starts = await createAccount({
      buildingId: building,
      apartment: '2',
      holderName: `${stem} Петро Іванович`,
    });
    const longer = await createAccount({
      buildingId: building,
      apartment: '3',
      holderName: `${stem}енко Петро Іванович`,
    });
    expect(ids(await search(stem))).toEqual([starts.accountId, longer.accountId, inside.accountId]);
    // Russian spelling of the first name (Пётр / Петро), lower case.
    expect(ids(await search(`${stem.toLowerCase()} пётр`))).toEqual([
      starts.accountId,
      longer.accountId,
    ]);
  });

  it('pages by one row more than the page: hasMore without a count', async () => {
    const stem = uniqueStem();
    const building = await aBuilding();
    const created: number[] = [];
    for (const apartment of ['1', '2', '3', '4']) {
      created.push(
        (await createAccount({ buildingId: building, apartment, holderName: `${stem} Ольга` }))
          .accountId,
      );
    }
    const page1 = await search(stem, 'auto', 1, 2);
    const page2 = await search(stem, 'auto', 2, 2);
    const page3 = await search(stem, 'auto', 3, 2);
    expect([page1.rows.length, page1.hasMore]).toEqual([2, true]);
    expect([page2.rows.length, page2.hasMore]).toEqual([2, false]);
    // Past the end: still a name search (names match), not the street fallback.
    expect(page3).toEqual({ kind: 'name', rows: [], hasMore: false });
    expect([...ids(page1), ...ids(page2)].sort((a, b) => a - b)).toEqual(created);
    const three = await search(stem, 'name', 1, 3);
    expect([three.rows.length, three.hasMore]).toEqual([3, true]);
    const four = await search(stem, 'name', 1, 4);
    expect([four.rows.length, four.hasMore]).toEqual([4, false]);
  });

  it('keeps names that start with the query first beyond what one page ranks, and pages consistently', async () => {
    const stem = uniqueStem();
    const building = await aBuilding();
    // 30 names that contain the stem, then (later in the table) one that starts with it. With
    // one row a page, the first 10 pages rank 10 × 1 + 1 = 11 candidates, read from at most 44.
    await prisma.account.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        number: uniqueAccountNumber(),
        buildingId: building,
        apartment: String(100 + i),
        holderName: `Коваль-${stem} Ірина ${i}`,
        areaCentiSqm: 5_000,
        openedOn: monthStartDate('2020-01'),
        billAccessCodeHash: `search-${randomBytes(6).toString('hex')}`,
      })),
    });
    const starts = await createAccount({
      buildingId: building,
      apartment: '1',
      holderName: `${stem} Ірина Петрівна`,
    });
    const first = await search(stem, 'name', 1, 1);
    expect(ids(first)).toEqual([starts.accountId]);
    expect(first.hasMore).toBe(true);
    const seen = new Set<number>();
    for (let page = 1; page <= 10; page++) {
      const result = await search(stem, 'name', page, 1);
      expect(result.rows, `page ${page}`).toHaveLength(1);
      expect(result.hasMore, `page ${page}`).toBe(true);
      seen.add(result.rows[0]?.accountId ?? 0);
    }
    expect(seen.size).toBe(10);
    // Four rows a page: 41 candidates, all 31 names, every one on exactly one page.
    const all: number[] = [];
    for (let page = 1; page <= 8; page++) all.push(...ids(await search(stem, 'name', page, 4)));
    expect(new Set(all).size).toBe(31);
    expect(all).toHaveLength(31);
  });

  it('says whether the account is on the call list, and since when', async () => {
    const stem = uniqueStem();
    const months = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));
    const debtor = await createAccountWithDebt(prisma, {
      months,
      monthlyKopecks: 50_000,
      holderName: `${stem} Борис Борисович`,
    });
    const payer = await createAccountWithDebt(prisma, {
      months: [],
      monthlyKopecks: 50_000,
      holderName: `${stem} Галина Борисівна`,
    });
    await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
    );
    const entry = await prisma.callListEntry.findFirstOrThrow({
      where: { accountId: debtor.accountId, removedAt: null },
    });
    const result = await search(stem);
    const byId = new Map(result.rows.map((row) => [row.accountId, row]));
    expect(result.rows).toHaveLength(2);
    expect(byId.get(debtor.accountId)).toMatchObject({
      onCallList: true,
      callListSince: entry.addedAt,
      balanceKopecks: 300_000,
    });
    expect(byId.get(payer.accountId)).toMatchObject({
      onCallList: false,
      callListSince: null,
      balanceKopecks: 0,
    });
  });
});

describe('searching by phone and account number', () => {
  it('finds a mobile typed in any format, and the SMS number too', async () => {
    const building = await aBuilding();
    const phone = uniquePhone(); // +38067xxxxxxx
    const owner = await createAccount({
      buildingId: building,
      apartment: '7',
      holderName: 'Бондар Іван Іванович',
      phones: [{ e164: phone, kind: 'MOBILE' }],
    });
    const national = `0${phone.slice(4)}`; // 067xxxxxxx
    const formats = [
      `${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`,
      phone,
      national,
      `(${national.slice(0, 3)})${national.slice(3)}`,
      `8 ${national}`,
    ];
    for (const query of formats) {
      const auto = await search(query);
      expect(ids(auto), query).toContain(owner.accountId);
      expect(ids(await search(query, 'phone')), query).toEqual([owner.accountId]);
    }
    expect((await search(phone)).kind).toBe('phone');

    const smsOnly = uniquePhone();
    const texted = await createAccount({
      buildingId: building,
      apartment: '8',
      holderName: 'Бондар Ганна Іванівна',
      smsPhone: smsOnly,
    });
    expect(ids(await search(smsOnly.slice(3), 'phone'))).toEqual([texted.accountId]);
  });

  it('finds a landline', async () => {
    const building = await aBuilding();
    const landline = `+380577${String(randomInt(0, 1_000_000)).padStart(6, '0')}`; // 057 7xx xx xx
    const owner = await createAccount({
      buildingId: building,
      apartment: '1',
      holderName: 'Ткаченко Ольга Іванівна',
      phones: [{ e164: landline, kind: 'LANDLINE' }],
    });
    const local = landline.slice(6);
    const typed = `(057) ${local.slice(0, 3)}-${local.slice(3, 5)}-${local.slice(5)}`;
    expect(await search(typed)).toMatchObject({ kind: 'phone', hasMore: false });
    expect(ids(await search(typed))).toEqual([owner.accountId]);
  });

  it('finds an account number with spaces or dashes', async () => {
    const building = await aBuilding();
    const account = await createAccount({
      buildingId: building,
      apartment: '5',
      holderName: 'Лисенко Петро Петрович',
    });
    const spaced = formatAccountNumber(account.number); // "1234 5678 90"
    expect(spaced).toContain(' ');
    const dashed = account.number.replace(/(\d{3})(?=\d)/g, '$1-');
    for (const query of [spaced, dashed, ` ${account.number} `]) {
      const result = await search(query);
      expect(result.kind, query).toBe('number');
      expect(ids(result), query).toEqual([account.accountId]);
    }
    expect(ids(await search(`№ ${spaced}`, 'number'))).toEqual([account.accountId]);
    expect(await search('0000000000', 'number')).toEqual({
      kind: 'number',
      rows: [],
      hasMore: false,
    });
  });

  it('reads ten digits that are both a valid number and a mobile as both, the number first', async () => {
    let national = '';
    do {
      national = `067${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    } while (!parseAccountNumber(national).ok);
    const building = await aBuilding();
    const byPhone = await createAccount({
      buildingId: building,
      apartment: '1',
      holderName: 'Кравець Олег',
      phones: [{ e164: `+38${national}`, kind: 'MOBILE' }],
    });
    const byNumber = await createAccount({
      buildingId: building,
      apartment: '2',
      holderName: 'Кравець Ніна',
      number: national,
    });
    const result = await search(national);
    expect(result.kind).toBe('number');
    expect(ids(result)).toEqual([byNumber.accountId, byPhone.accountId]);
  });
});

describe('reading an address as staff type it (no database)', () => {
  it.each([
    ['Сумська 10 5', 'Сумська', '10', '5'],
    ['вул. Сумська, 10, кв. 5', 'Сумська', '10', '5'],
    ['ул. Сумская д. 10 кв5', 'Сумская', '10', '5'],
    ['Сумская 10', 'Сумская', '10', null],
    ['Героїв Праці 12А кв 7', 'Героїв Праці', '12А', '7'],
    ['просп.Науки 12 а', 'Науки', '12а', null],
    ['Сумська 10 корп. 2 кв.7', 'Сумська', '10 корп. 2', '7'],
    ['Гвардійців-Широнінців 10/2, 15', 'Гвардійців-Широнінців', '10/2', '15'],
    ['23 Серпня 5', '23 Серпня', '5', null],
    ['Салтівське шосе', 'Салтівське', null, null],
  ])('%s', (query, street, house, apartment) => {
    expect(parseAddressQuery(query)).toEqual({ street, house, apartment });
  });
});

describe('searching by address', () => {
  it('reads street, house and flat as staff type them, Russian spelling included', async () => {
    const house = String(randomInt(1000, 10_000));
    const sumska = await createBuilding('вул. Сумська', house);
    const flat5 = await createAccount({
      buildingId: sumska,
      apartment: '5',
      holderName: 'Шевчук Олена',
    });
    const flat12 = await createAccount({
      buildingId: sumska,
      apartment: '12',
      holderName: 'Шевчук Андрій',
    });
    for (const query of [
      `Сумська ${house} 5`,
      `вул. Сумська, ${house}, кв. 5`,
      `СУМСЬКА ${house} кв5`,
      `ул. Сумская, д. ${house}, кв. 5`,
    ]) {
      const result = await search(query);
      expect(result.kind, query).toBe('address');
      expect(ids(result), query).toEqual([flat5.accountId]);
    }
    // The whole building, flats in numeric order (5 before 12).
    expect(ids(await search(`Сумская ${house}`))).toEqual([flat5.accountId, flat12.accountId]);
    expect(ids(await search(`сумськ ${house}`, 'address'))).toEqual([
      flat5.accountId,
      flat12.accountId,
    ]);
  });

  it('matches a house number with a letter whatever its case and spacing', async () => {
    const stem = uniqueStem();
    const building = await createBuilding(`просп. ${stem}ів`, '12А');
    const account = await createAccount({
      buildingId: building,
      apartment: '40',
      holderName: 'Гончаренко Іра',
    });
    for (const query of [`${stem}ів 12а`, `просп. ${stem}ив 12 А кв. 40`, `${stem} 12-а, 40`]) {
      expect(ids(await search(query)), query).toEqual([account.accountId]);
    }
    expect(await search(`${stem}ів 12Б`)).toEqual({ kind: 'address', rows: [], hasMore: false });
  });

  it('falls back to streets when letters alone match no name', async () => {
    const stem = uniqueStem();
    const building = await createBuilding(`вул. ${stem}ська`, '3');
    const account = await createAccount({
      buildingId: building,
      apartment: '1',
      holderName: 'Романенко Віра',
    });
    const result = await search(`${stem}ська`);
    expect(result).toMatchObject({ kind: 'address', hasMore: false });
    expect(ids(result)).toEqual([account.accountId]);
  });
});

describe('hostile and malformed input', () => {
  it('treats markup, % and _ as plain characters', async () => {
    const building = await aBuilding();
    await createAccount({ buildingId: building, apartment: '1', holderName: 'Мельник Іван' });
    for (const query of [
      '<script>alert(1)</script>',
      '<script>alert("x")</script>',
      '%%%',
      '%_%',
      '___',
      'Мельн_к',
      '%ельник',
      "'; DROP TABLE account; --",
      'Мельник\\',
    ]) {
      const result = await search(query);
      expect(result.rows, query).toEqual([]);
      expect(result.hasMore, query).toBe(false);
    }
    expect(await prisma.account.count()).toBeGreaterThan(0);
  });

  it('refuses empty, short and long queries and pages out of range', async () => {
    expect(await refusal(search('   '))).toEqual({ field: 'query', problem: 'EMPTY' });
    expect(await refusal(search(' ab '))).toEqual({ field: 'query', problem: 'TOO_SHORT' });
    expect(await refusal(search('%'))).toEqual({ field: 'query', problem: 'TOO_SHORT' });
    expect(await refusal(search('ab', 'name'))).toEqual({ field: 'query', problem: 'TOO_SHORT' });
    expect(await refusal(search('я'.repeat(201)))).toEqual({ field: 'query', problem: 'TOO_LONG' });
    expect(await refusal(search('abc', 'phone'))).toEqual({
      field: 'query',
      problem: 'NOT_A_PHONE',
    });
    expect(await refusal(search('abc', 'number'))).toEqual({
      field: 'query',
      problem: 'NOT_AN_ACCOUNT_NUMBER',
    });
    expect(await refusal(search('12 5', 'address'))).toEqual({
      field: 'query',
      problem: 'NO_STREET',
    });
    expect(await refusal(search('мельник', 'auto', 0))).toEqual({
      field: 'page',
      problem: 'OUT_OF_RANGE',
    });
    expect(await refusal(search('мельник', 'auto', 51))).toEqual({
      field: 'page',
      problem: 'OUT_OF_RANGE',
    });
    // 200 characters is allowed.
    expect((await search('я'.repeat(200))).rows).toEqual([]);
  });
});
