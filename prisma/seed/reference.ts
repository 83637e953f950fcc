/**
 * Reference data of the demo city: districts, tariff categories, service components, the two
 * tariffs and the billing calendar. Pure data, shared by the generator, the writer and tests.
 */
import { addMonths, type MonthKey, monthsBetween } from '../../lib/dates';

/** The demo's "today": the seed writes history up to this instant (Kyiv), never after it. */
export const SEED_TODAY = '2026-11-27';
/** 2026-11-27 00:00 Europe/Kyiv (UTC+2 in November). */
export const SEED_NOW = new Date('2026-11-26T22:00:00.000Z');

/** The first billed month and the number of closed periods (2024-11 … 2026-10). */
export const FIRST_PERIOD: MonthKey = '2024-11';
export const CLOSED_PERIODS = 24;
/** The period open for the current month (2026-11). */
export const OPEN_PERIOD: MonthKey = addMonths(FIRST_PERIOD, CLOSED_PERIODS);

export function periodMonth(index: number): MonthKey {
  return addMonths(FIRST_PERIOD, index);
}

export const DISTRICTS = [
  'Шевченківський',
  'Київський',
  'Салтівський',
  'Немишлянський',
  'Індустріальний',
  'Слобідський',
  "Основ'янський",
  'Холодногірський',
  'Новобаварський',
] as const;

export type CategoryCode = 'HIGH_RISE_LIFT' | 'MID_RISE_LIFT' | 'LOW_RISE_NO_LIFT';

export type CategoryDef = {
  code: CategoryCode;
  nameUk: string;
  nameRu: string;
  nameEn: string;
  hasLift: boolean;
  minFloors: number;
  maxFloors: number;
};

export const CATEGORIES: readonly CategoryDef[] = [
  {
    code: 'HIGH_RISE_LIFT',
    nameUk: 'Будинки 9 поверхів і вище з ліфтом',
    nameRu: 'Дома 9 этажей и выше с лифтом',
    nameEn: 'Buildings of 9+ floors with a lift',
    hasLift: true,
    minFloors: 9,
    maxFloors: 16,
  },
  {
    code: 'MID_RISE_LIFT',
    nameUk: 'Будинки 6–8 поверхів з ліфтом',
    nameRu: 'Дома 6–8 этажей с лифтом',
    nameEn: 'Buildings of 6–8 floors with a lift',
    hasLift: true,
    minFloors: 6,
    maxFloors: 8,
  },
  {
    code: 'LOW_RISE_NO_LIFT',
    nameUk: 'Будинки до 5 поверхів без ліфта',
    nameRu: 'Дома до 5 этажей без лифта',
    nameEn: 'Buildings of up to 5 floors without a lift',
    hasLift: false,
    minFloors: 2,
    maxFloors: 5,
  },
];

export type ServiceCode = 'GROUNDS_CLEANING' | 'BUILDING_UPKEEP' | 'WASTE_REMOVAL' | 'LIFT_UPKEEP';

export type ServiceDef = {
  code: ServiceCode;
  nameUk: string;
  nameRu: string;
  nameEn: string;
  sortOrder: number;
  liftOnly: boolean;
};

export const SERVICES: readonly ServiceDef[] = [
  {
    code: 'GROUNDS_CLEANING',
    nameUk: 'Прибирання прибудинкової території',
    nameRu: 'Уборка придомовой территории',
    nameEn: 'Cleaning of the grounds',
    sortOrder: 1,
    liftOnly: false,
  },
  {
    code: 'BUILDING_UPKEEP',
    nameUk: 'Утримання будинку та поточний ремонт',
    nameRu: 'Содержание дома и текущий ремонт',
    nameEn: 'Building upkeep and current repairs',
    sortOrder: 2,
    liftOnly: false,
  },
  {
    code: 'WASTE_REMOVAL',
    nameUk: 'Вивезення побутових відходів',
    nameRu: 'Вывоз бытовых отходов',
    nameEn: 'Waste removal',
    sortOrder: 3,
    liftOnly: false,
  },
  {
    code: 'LIFT_UPKEEP',
    nameUk: 'Технічне обслуговування ліфтів',
    nameRu: 'Техническое обслуживание лифтов',
    nameEn: 'Lift maintenance',
    sortOrder: 4,
    liftOnly: true,
  },
];

/** Rates in kopecks per m² per month. */
export type RateTable = Record<CategoryCode, Partial<Record<ServiceCode, number>>>;

/** In force from 2024-11-01: about 3–3.6 UAH/m² in total. */
export const OLD_TARIFF_FROM: MonthKey = '2024-11';
export const OLD_RATES: RateTable = {
  HIGH_RISE_LIFT: {
    GROUNDS_CLEANING: 62,
    BUILDING_UPKEEP: 148,
    WASTE_REMOVAL: 71,
    LIFT_UPKEEP: 83,
  },
  MID_RISE_LIFT: { GROUNDS_CLEANING: 58, BUILDING_UPKEEP: 141, WASTE_REMOVAL: 71, LIFT_UPKEEP: 69 },
  LOW_RISE_NO_LIFT: { GROUNDS_CLEANING: 64, BUILDING_UPKEEP: 167, WASTE_REMOVAL: 71 },
};

/** In force from 2025-09-01: the "new tariffs", roughly doubled (about 6.3–7.5 UAH/m²). */
export const NEW_TARIFF_FROM: MonthKey = '2025-09';
export const NEW_RATES: RateTable = {
  HIGH_RISE_LIFT: {
    GROUNDS_CLEANING: 127,
    BUILDING_UPKEEP: 309,
    WASTE_REMOVAL: 143,
    LIFT_UPKEEP: 172,
  },
  MID_RISE_LIFT: {
    GROUNDS_CLEANING: 119,
    BUILDING_UPKEEP: 294,
    WASTE_REMOVAL: 143,
    LIFT_UPKEEP: 148,
  },
  LOW_RISE_NO_LIFT: { GROUNDS_CLEANING: 131, BUILDING_UPKEEP: 356, WASTE_REMOVAL: 143 },
};

/** The rates in force for a category in billing period `index` (0 = 2024-11). */
export function ratesFor(
  category: CategoryCode,
  index: number,
): Partial<Record<ServiceCode, number>> {
  return monthsBetween(NEW_TARIFF_FROM, periodMonth(index)) >= 0
    ? NEW_RATES[category]
    : OLD_RATES[category];
}

/** Services billed in a category, in their display order. */
export function servicesOf(category: CategoryCode): ServiceCode[] {
  const hasLift = CATEGORIES.find((c) => c.code === category)?.hasLift ?? false;
  return SERVICES.filter((s) => hasLift || !s.liftOnly).map((s) => s.code);
}
