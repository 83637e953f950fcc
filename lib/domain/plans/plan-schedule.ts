import { addMonths, parseMonthKey } from '../../dates';

/** A day of the Kyiv calendar, 'YYYY-MM-DD'. */
export type DayKey = string;

export type Instalment = { seq: number; dueDate: DayKey; amountKopecks: number };

/**
 * `total` kopecks in `count` instalments as equal as kopecks allow: each is ⌊total / count⌋,
 * and the first (total mod count) get one kopeck more, so the instalments add up to the total
 * exactly and never differ by more than a kopeck. E.g. 1,000.00 in 3 → 333.34, 333.33, 333.33.
 */
export function splitInstalments(totalKopecks: number, count: number): number[] {
  if (!Number.isSafeInteger(totalKopecks) || totalKopecks < count) {
    throw new RangeError(`cannot split ${totalKopecks} kopecks into ${count} instalments`);
  }
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bad instalment count ${count}`);
  const base = Math.floor(totalKopecks / count);
  const extra = totalKopecks - base * count;
  return Array.from({ length: count }, (_, index) => base + (index < extra ? 1 : 0));
}

/** The last day of a month, 1–31. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The due dates: the same day of the month as `start`, one, two, … months later, on the
 * month's last day when it is shorter (a plan agreed on 31 January is due on 28 February,
 * 31 March, 30 April …). The first instalment is due a month after the agreement.
 */
export function instalmentDueDates(start: DayKey, count: number): DayKey[] {
  const day = Number(start.slice(8, 10));
  return Array.from({ length: count }, (_, index) => {
    const month = addMonths(start.slice(0, 7), index + 1);
    const { year, month: m } = parseMonthKey(month);
    const clamped = Math.min(day, daysInMonth(year, m));
    return `${month}-${String(clamped).padStart(2, '0')}`;
  });
}

/** The schedule of a plan agreed on `start`: amounts by splitInstalments, dates by instalmentDueDates. */
export function planSchedule(totalKopecks: number, count: number, start: DayKey): Instalment[] {
  const amounts = splitInstalments(totalKopecks, count);
  const dates = instalmentDueDates(start, count);
  return amounts.map((amountKopecks, index) => ({
    seq: index + 1,
    dueDate: dates[index] ?? start,
    amountKopecks,
  }));
}

/** A Kyiv day plus `days` days (calendar arithmetic on the date alone). */
export function addDays(day: DayKey, days: number): DayKey {
  const [year, month, date] = day.split('-').map(Number);
  const shifted = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + days));
  return shifted.toISOString().slice(0, 10);
}
