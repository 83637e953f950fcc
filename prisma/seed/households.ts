/**
 * Pure generation of buildings and accounts (no database). Account i's data depends only on
 * (seed, i) and the building plan, so the data is the same whatever the chunk size.
 */
import { monthsBetween } from '../../lib/dates';
import { withCheckDigit } from '../../lib/domain/accounts/account-number';
import { accrualKopecks } from '../../lib/money';
import { FIXTURE_BUILDING, type FixtureAccount } from './fixtures';
import { holderName, landlinePhone, mobilePhone, STREETS_BY_DISTRICT } from './names';
import { HABIT_WEIGHTS, type Habit, type SimulatedPayment, simulatePayments } from './payments';
import { type CategoryCode, CLOSED_PERIODS, FIRST_PERIOD, ratesFor, servicesOf } from './reference';
import { type Rng, rngFor, STREAM } from './rng';

export type BuildingPlan = {
  districtIndex: number;
  street: string;
  houseNumber: string;
  floors: number;
  category: CategoryCode;
  /** Apartments (= accounts) in the building. */
  capacity: number;
};

const CATEGORY_WEIGHTS: readonly (readonly [CategoryCode, number])[] = [
  ['HIGH_RISE_LIFT', 0.42],
  ['MID_RISE_LIFT', 0.16],
  ['LOW_RISE_NO_LIFT', 0.42],
];

/** Relative population of the districts (Saltivskyi is the largest). */
const DISTRICT_WEIGHTS = [12, 10, 18, 10, 11, 12, 7, 11, 9] as const;

function floorsFor(category: CategoryCode, rng: Rng): number {
  switch (category) {
    case 'HIGH_RISE_LIFT':
      return rng.pick([9, 9, 9, 9, 10, 12, 12, 14, 16]);
    case 'MID_RISE_LIFT':
      return rng.int(6, 8);
    case 'LOW_RISE_NO_LIFT':
      return rng.pick([2, 3, 4, 5, 5, 5, 5]);
  }
}

function houseNumber(rng: Rng): string {
  const n = String(rng.int(1, 240));
  const roll = rng.next();
  if (roll < 0.08) return `${n}${rng.pick(['А', 'Б', 'В'])}`;
  if (roll < 0.14) return `${n}/${rng.int(2, 4)}`;
  return n;
}

/** Buildings until their apartments hold `accounts` accounts (the last one may be part-filled). */
export function planBuildings(seed: number, accounts: number): BuildingPlan[] {
  const rng = rngFor(seed, STREAM.buildings);
  const taken = new Set([`${FIXTURE_BUILDING.street}|${FIXTURE_BUILDING.houseNumber}`]);
  const districts = DISTRICT_WEIGHTS.map((w, i) => [i, w] as const);
  const plans: BuildingPlan[] = [];
  let capacityTotal = 0;
  while (capacityTotal < accounts) {
    const districtIndex = rng.weighted(districts);
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const floors = floorsFor(category, rng);
    const entrances = category === 'LOW_RISE_NO_LIFT' ? rng.int(1, 6) : rng.int(1, 5);
    const perLanding = category === 'HIGH_RISE_LIFT' ? 4 : rng.int(2, 4);
    const streets = STREETS_BY_DISTRICT[districtIndex] ?? [];
    let street = rng.pick(streets);
    let house = houseNumber(rng);
    // Unique (street, house): with ~70 streets × ~300 house numbers a few retries suffice for
    // small cities; larger ones also number blocks ("корп.").
    for (let attempt = 0; taken.has(`${street}|${house}`); attempt++) {
      street = rng.pick(streets);
      house = attempt < 8 ? houseNumber(rng) : `${houseNumber(rng)} корп. ${rng.int(1, 9)}`;
    }
    taken.add(`${street}|${house}`);
    const capacity = floors * entrances * perLanding;
    plans.push({ districtIndex, street, houseNumber: house, floors, category, capacity });
    capacityTotal += capacity;
  }
  return plans;
}

export type Locale = 'uk' | 'ru' | 'en';

export type GeneratedPhone = {
  e164: string;
  kind: 'MOBILE' | 'LANDLINE';
  isPrimary: boolean;
  callable: boolean;
  /** Set for phones verified with a one-time code (SMS opt-in). */
  verifiedAt: string | null;
};

export type GeneratedAccount = {
  number: string;
  /** Index into the building plan (-1 = the fixture building). */
  buildingIndex: number;
  apartment: string;
  holderName: string;
  areaCentiSqm: number;
  openedOn: string;
  locale: Locale;
  contactPreference: 'CALLS' | 'SMS';
  doNotCall: boolean;
  billAccessCode: string;
  phones: GeneratedPhone[];
  /** For SMS accounts: when the resident opted in (WEB), on the primary phone. */
  smsOptInAt: string | null;
  habit: Habit | 'FIXTURE';
  /** Total accrual per billing month (index 0 = 2024-11). */
  bills: number[];
  payments: SimulatedPayment[];
};

/** Monthly totals of an account: the sum of its per-service accruals (each rounded). */
export function monthlyBills(category: CategoryCode, areaCentiSqm: number): number[] {
  const bills: number[] = [];
  for (let k = 0; k < CLOSED_PERIODS; k++) {
    const rates = ratesFor(category, k);
    let total = 0;
    for (const service of servicesOf(category))
      total += accrualKopecks(areaCentiSqm, rates[service] ?? 0);
    bills.push(total);
  }
  return bills;
}

const AREA_BY_ROOMS: readonly (readonly [number, number])[] = [
  [2500, 4200],
  [4200, 6000],
  [5800, 8200],
  [8000, 11000],
];

function isoDay(rng: Rng, fromYear: number, toMs: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const day = rng.int(0, Math.floor((toMs - from) / 86_400_000));
  return new Date(from + day * 86_400_000).toISOString().slice(0, 10);
}

const OPENED_BEFORE = Date.UTC(2024, 9, 1);

/**
 * The i-th ordinary account. Numbers are 600000000 + 13·i + (0…12) with a Luhn digit: unique,
 * increasing, and far from the fixtures' 1111111116 … 5555555555.
 */
export function generateAccount(
  seed: number,
  index: number,
  buildingIndex: number,
  apartment: number,
  category: CategoryCode,
): GeneratedAccount {
  const rng = rngFor(seed, STREAM.accounts, index);
  const number = withCheckDigit(String(600_000_000 + index * 13 + rng.int(0, 12)));
  const rooms = rng.weighted([
    [0, 0.3],
    [1, 0.38],
    [2, 0.26],
    [3, 0.06],
  ]);
  const [minArea, maxArea] = AREA_BY_ROOMS[rooms] ?? [4000, 6000];
  const areaCentiSqm = rng.int(minArea, maxArea);
  const name = holderName(rng);
  const locale = rng.weighted<Locale>([
    ['uk', 0.8],
    ['ru', 0.17],
    ['en', 0.03],
  ]);
  const phones: GeneratedPhone[] = [];
  if (!rng.chance(0.15)) {
    phones.push({
      e164: mobilePhone(rng),
      kind: 'MOBILE',
      isPrimary: true,
      callable: !rng.chance(0.03),
      verifiedAt: null,
    });
    if (rng.chance(0.08)) {
      const landline = rng.chance(0.4);
      const e164 = landline ? landlinePhone(rng) : mobilePhone(rng);
      if (e164 !== phones[0]?.e164)
        phones.push({
          e164,
          kind: landline ? 'LANDLINE' : 'MOBILE',
          isPrimary: false,
          callable: true,
          verifiedAt: null,
        });
    }
  }
  const primary = phones[0];
  let contactPreference: 'CALLS' | 'SMS' = 'CALLS';
  let smsOptInAt: string | null = null;
  if (primary?.callable && rng.chance(0.02)) {
    contactPreference = 'SMS';
    const hour = String(rng.int(7, 18)).padStart(2, '0');
    const minute = String(rng.int(0, 59)).padStart(2, '0');
    smsOptInAt = `${isoDay(rng, 2025, Date.UTC(2026, 9, 31))}T${hour}:${minute}:00.000Z`;
    primary.verifiedAt = smsOptInAt;
  }
  const doNotCall = contactPreference === 'CALLS' && rng.chance(0.004);
  const billAccessCode = rng.digits(8);
  const habit = rng.weighted(HABIT_WEIGHTS);
  const bills = monthlyBills(category, areaCentiSqm);
  const payments = simulatePayments(bills, habit, rngFor(seed, STREAM.payments, index));
  return {
    number,
    buildingIndex,
    apartment: String(apartment),
    holderName: name,
    areaCentiSqm,
    openedOn: isoDay(rng, 1996, OPENED_BEFORE),
    locale,
    contactPreference,
    doNotCall,
    billAccessCode,
    phones,
    smsOptInAt,
    habit,
    bills,
    payments,
  };
}

/** Walks the building plan: account i lives in building `buildingIndex`, apartment `apartment`. */
export function* accountSlots(
  plans: readonly BuildingPlan[],
  count: number,
): Generator<{ index: number; buildingIndex: number; apartment: number; category: CategoryCode }> {
  let index = 0;
  for (let b = 0; b < plans.length && index < count; b++) {
    const plan = plans[b];
    if (!plan) continue;
    for (let apartment = 1; apartment <= plan.capacity && index < count; apartment++) {
      yield { index, buildingIndex: b, apartment, category: plan.category };
      index++;
    }
  }
}

/**
 * A fixture account: fixed attributes, and every bill up to `paidThrough` paid in full on the
 * 10th of the following month at 12:00 Kyiv time; later bills unpaid.
 */
export function generateFixtureAccount(fixture: FixtureAccount): GeneratedAccount {
  const bills = monthlyBills(FIXTURE_BUILDING.category, fixture.areaCentiSqm);
  const paidBills =
    fixture.paidThrough === null ? 0 : monthsBetween(FIRST_PERIOD, fixture.paidThrough) + 1;
  const payments: SimulatedPayment[] = bills.slice(0, paidBills).map((amount, month) => ({
    paymentMonth: month,
    day: 10,
    minuteOfDay: 12 * 60,
    amountKopecks: amount,
    provider: month % 3 === 0 ? 'DEMO' : 'BANK_IMPORT',
  }));
  const verifiedAt = fixture.contactPreference === 'SMS' ? '2026-06-03T08:41:00.000Z' : null;
  return {
    number: fixture.number,
    buildingIndex: -1,
    apartment: fixture.apartment,
    holderName: fixture.holderName,
    areaCentiSqm: fixture.areaCentiSqm,
    openedOn: '2003-04-15',
    locale: 'uk',
    contactPreference: fixture.contactPreference,
    doNotCall: false,
    billAccessCode: fixture.billAccessCode,
    phones: [
      { e164: fixture.phoneE164, kind: 'MOBILE', isPrimary: true, callable: true, verifiedAt },
    ],
    smsOptInAt: verifiedAt,
    habit: 'FIXTURE',
    bills,
    payments,
  };
}
