/**
 * Calendar months in Europe/Kyiv. A billing month is identified by 'YYYY-MM'; in the database
 * it is the DATE of its first day. Instants are converted through the Kyiv time zone so that a
 * payment at 00:30 Kyiv time on the 1st belongs to the new month, whatever the server's zone.
 */
export const KYIV_TIME_ZONE = 'Europe/Kyiv';

export type MonthKey = `${number}-${string}`;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(value: string): value is MonthKey {
  return MONTH_RE.test(value);
}

export function parseMonthKey(value: string): { year: number; month: number } {
  const match = MONTH_RE.exec(value);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${value}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function monthKey(year: number, month: number): MonthKey {
  return `${year}-${String(month).padStart(2, '0')}` as MonthKey;
}

/** Month key `n` months after `key` (negative n goes back). */
export function addMonths(key: string, n: number): MonthKey {
  const { year, month } = parseMonthKey(key);
  const index = year * 12 + (month - 1) + n;
  return monthKey(Math.floor(index / 12), (index % 12) + 1);
}

/** Whole months from `from` to `to` (positive when `to` is later). */
export function monthsBetween(from: string, to: string): number {
  const a = parseMonthKey(from);
  const b = parseMonthKey(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

/** The first day of the month as a UTC-midnight Date (how Prisma reads a DATE column). */
export function monthStartDate(key: string): Date {
  const { year, month } = parseMonthKey(key);
  return new Date(Date.UTC(year, month - 1, 1));
}

/** Month key of a DATE column value (UTC midnight of its day). */
export function monthKeyOfDate(date: Date): MonthKey {
  return monthKey(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

const kyivParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: KYIV_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Kyiv calendar day of an instant, as 'YYYY-MM-DD'. */
export function kyivDay(instant: Date): string {
  return kyivParts.format(instant);
}

/** The Kyiv calendar month of an instant. */
export function kyivMonthOf(instant: Date): MonthKey {
  return kyivDay(instant).slice(0, 7) as MonthKey;
}
