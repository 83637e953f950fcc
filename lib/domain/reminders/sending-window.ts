import { KYIV_TIME_ZONE, kyivDay } from '../../dates';

/**
 * When collection SMS may go out (DESIGN rule 4): working days, from `startHour`:00 up to (not
 * including) `endHour`:00 Kyiv time. `holidays` are Kyiv dates ('YYYY-MM-DD') with no sending;
 * they come from configuration because Ukraine's list changes (no public holidays under martial
 * law since 2022). Callers pass the calendar explicitly: there is no default deep down.
 */
export type SendingCalendar = {
  startHour: number;
  endHour: number;
  holidays: ReadonlySet<string>;
};

/** How far `nextSendingWindowStart` looks before deciding the calendar has no working day. */
const MAX_SEARCH_DAYS = 400;

const kyivWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: KYIV_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** Kyiv wall-clock time of an instant, read as if it were UTC (milliseconds dropped). */
function kyivWallClockAsUtc(instant: Date): number {
  const parts: Record<string, number> = {};
  for (const part of kyivWallClock.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Kyiv's offset from UTC at an instant, in ms (+2 h in winter, +3 h in summer). */
function kyivOffsetMs(instant: Date): number {
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return kyivWallClockAsUtc(instant) - wholeSeconds;
}

/**
 * The instant of Kyiv wall-clock `hour`:00 on `day` ('YYYY-MM-DD'; hour 24 is the next
 * midnight). Two passes settle the offset across a DST switch; a wall time that does not
 * exist (03:xx on the last Sunday of March) comes out an hour later, as clocks show it.
 */
function kyivInstant(day: string, hour: number): Date {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, date, hour);
  const first = wall - kyivOffsetMs(new Date(wall));
  return new Date(wall - kyivOffsetMs(new Date(first)));
}

/** The calendar day after `day` ('YYYY-MM-DD'). */
function nextDay(day: string): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

function isWorkingDay(day: string, calendar: SendingCalendar): boolean {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay(); // 0 = Sunday
  return weekday >= 1 && weekday <= 5 && !calendar.holidays.has(day);
}

function assertCalendar(calendar: SendingCalendar): void {
  const { startHour, endHour } = calendar;
  if (!Number.isInteger(startHour) || !Number.isInteger(endHour)) {
    throw new RangeError(`sending hours must be whole hours: ${startHour}–${endHour}`);
  }
  if (startHour < 0 || endHour > 24 || startHour >= endHour) {
    throw new RangeError(
      `sending hours must satisfy 0 ≤ start < end ≤ 24: ${startHour}–${endHour}`,
    );
  }
}

/**
 * True when `at` is on a Kyiv working day (Monday–Friday, not a holiday) and its Kyiv time is
 * ≥ startHour:00 and < endHour:00.
 */
export function isWithinSendingWindow(at: Date, calendar: SendingCalendar): boolean {
  assertCalendar(calendar);
  const day = kyivDay(at);
  if (!isWorkingDay(day, calendar)) return false;
  return (
    at.getTime() >= kyivInstant(day, calendar.startHour).getTime() &&
    at.getTime() < kyivInstant(day, calendar.endHour).getTime()
  );
}

/**
 * The earliest instant ≥ `at` inside the sending window: `at` itself when it is inside, else the
 * start of the next working day's window. Days are walked in Kyiv dates and each start is
 * converted with that day's own offset, so the answer is right across DST switches (which fall
 * on Sundays, never working days). Throws if the calendar has no working day within 400 days.
 */
export function nextSendingWindowStart(at: Date, calendar: SendingCalendar): Date {
  assertCalendar(calendar);
  let day = kyivDay(at);
  for (let i = 0; i <= MAX_SEARCH_DAYS; i += 1) {
    if (isWorkingDay(day, calendar)) {
      const start = kyivInstant(day, calendar.startHour);
      const end = kyivInstant(day, calendar.endHour);
      if (at.getTime() < end.getTime()) {
        return at.getTime() >= start.getTime() ? at : start;
      }
    }
    day = nextDay(day);
  }
  throw new RangeError(`no working day within ${MAX_SEARCH_DAYS} days of ${at.toISOString()}`);
}
