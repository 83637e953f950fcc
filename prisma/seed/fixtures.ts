/**
 * Fixture accounts, demo staff and the demo dialer key: fixed values that the README, the demo
 * and tests rely on. Every seed (any --accounts, any --seed) creates them exactly like this.
 *
 * All fixtures live in one dedicated building (FIXTURE_BUILDING), a 12-storey block with a lift,
 * so their bills do not depend on the seed. Their payment history is fixed too: every bill up to
 * and including `paidThrough` was paid in full on the 10th of the following month; later bills
 * are unpaid. An accrual for month M is due at the end of M + 1, and "today" is 2026-11-27.
 */
import type { MonthKey } from '../../lib/dates';

export type FixtureKey =
  | 'CALL_LIST_DEBTOR'
  | 'RECENT_DEBTOR'
  | 'PAID_UP'
  | 'SMS_DEBTOR'
  | 'DISPUTED_DEBTOR';

export type FixtureAccount = {
  key: FixtureKey;
  /** 10 digits, last one a Luhn check digit. */
  number: string;
  /** The 8-digit code printed on the paper bill (stored only as a peppered HMAC). */
  billAccessCode: string;
  holderName: string;
  apartment: string;
  areaCentiSqm: number;
  phoneE164: string;
  contactPreference: 'CALLS' | 'SMS';
  /** The last billing month paid in full; null = never paid. */
  paidThrough: MonthKey | null;
  /** An OPEN dispute with one message from the resident. */
  openDispute: boolean;
  /** What the demo should show for this account. */
  shows: string;
  /** Whether the call-list rule puts the account on the dialer's list. */
  onCallList: boolean;
};

export const FIXTURE_BUILDING = {
  district: 'Шевченківський',
  street: 'просп. Науки',
  houseNumber: '14',
  floors: 12,
  category: 'HIGH_RISE_LIFT',
} as const;

export const FIXTURE_ACCOUNTS: readonly FixtureAccount[] = [
  {
    key: 'CALL_LIST_DEBTOR',
    number: '1111111116',
    billAccessCode: '11110001',
    holderName: 'Коваленко Ірина Миколаївна',
    apartment: '17',
    areaCentiSqm: 6240,
    phoneE164: '+380501234567',
    contactPreference: 'CALLS',
    paidThrough: '2025-08',
    openDispute: false,
    shows:
      'Stopped paying when the new tariff arrived: 14 bills unpaid (2025-09 … 2026-10), over 3 months overdue, callable phone → on the call list.',
    onCallList: true,
  },
  {
    key: 'RECENT_DEBTOR',
    number: '2222222222',
    billAccessCode: '22220002',
    holderName: 'Бондаренко Олег Іванович',
    apartment: '42',
    areaCentiSqm: 4810,
    phoneE164: '+380671112233',
    contactPreference: 'CALLS',
    paidThrough: '2026-07',
    openDispute: false,
    shows:
      'Bills 2026-08 … 2026-10 unpaid: 2026-08 and 2026-09 are overdue (under 3 months), 2026-10 not yet due → not on the call list.',
    onCallList: false,
  },
  {
    key: 'PAID_UP',
    number: '3333333338',
    billAccessCode: '33330003',
    holderName: 'Ткаченко Марія Петрівна',
    apartment: '5',
    areaCentiSqm: 3575,
    phoneE164: '+380931234567',
    contactPreference: 'CALLS',
    paidThrough: '2026-10',
    openDispute: false,
    shows: 'Pays every bill the month after; the 2026-10 bill was paid on 2026-11-10 → balance 0.',
    onCallList: false,
  },
  {
    key: 'SMS_DEBTOR',
    number: '4444444444',
    billAccessCode: '44440004',
    holderName: 'Шевчук Андрій Васильович',
    apartment: '63',
    areaCentiSqm: 7125,
    phoneE164: '+380661234567',
    contactPreference: 'SMS',
    paidThrough: '2026-04',
    openDispute: false,
    shows:
      'Over 3 months behind (2026-05 … 2026-10 unpaid) but verified the phone and opted in to SMS reminders (consent OPT_IN via WEB) → not called.',
    onCallList: false,
  },
  {
    key: 'DISPUTED_DEBTOR',
    number: '5555555555',
    billAccessCode: '55550005',
    holderName: 'Мельник Світлана Олександрівна',
    apartment: '88',
    areaCentiSqm: 7240,
    phoneE164: '+380971234567',
    contactPreference: 'CALLS',
    paidThrough: '2025-08',
    openDispute: true,
    shows:
      'Stopped paying at the tariff rise and disputes the area on the bill (OPEN dispute, WRONG_AREA, one resident message) → collection paused, not on the call list.',
    onCallList: false,
  },
];

export function fixtureByKey(key: FixtureKey): FixtureAccount {
  const fixture = FIXTURE_ACCOUNTS.find((f) => f.key === key);
  if (!fixture) throw new Error(`no fixture ${key}`);
  return fixture;
}

export const FIXTURE_DISPUTE = {
  category: 'WRONG_AREA',
  periodMonth: '2026-10',
  description:
    'У рахунку площа квартири 72,40 м², а за техпаспортом — 64,80 м². Прошу перерахувати нарахування.',
  message:
    'Додаю фото техпаспорта. Площа 64,80 м² з 2003 року, перепланувань не було. Дзвінки з вимогою сплатити прошу припинити до розгляду.',
  openedAt: '2026-11-20T09:15:00.000Z',
} as const;

export type DemoStaff = {
  email: string;
  name: string;
  role: 'SUPPORT' | 'SUPERVISOR' | 'ADMIN';
  password: string;
};

/** Demo staff logins: for demo data only, never for a real deployment. */
export const DEMO_STAFF: readonly DemoStaff[] = [
  {
    email: 'support@kvartplata.example',
    name: 'Оператор підтримки (демо)',
    role: 'SUPPORT',
    password: 'demo-support-2026',
  },
  {
    email: 'supervisor@kvartplata.example',
    name: 'Старший оператор (демо)',
    role: 'SUPERVISOR',
    password: 'demo-supervisor-2026',
  },
  {
    email: 'admin@kvartplata.example',
    name: 'Адміністратор (демо)',
    role: 'ADMIN',
    password: 'demo-admin-2026',
  },
];

export const DEMO_DIALER_KEY_NAME = 'Demo call centre';
export const DEFAULT_DEMO_DIALER_API_KEY = 'kvp_demo_dialer_key_change_me';
