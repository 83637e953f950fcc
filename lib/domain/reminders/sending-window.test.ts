import { describe, expect, it } from 'vitest';
import {
  isWithinSendingWindow,
  nextSendingWindowStart,
  type SendingCalendar,
} from './sending-window';

/** The hours of the default configuration (SMS_REMINDER_HOURS=9-20). */
const NINE_TO_EIGHT = { startHour: 9, endHour: 20 };

const noHolidays: SendingCalendar = { ...NINE_TO_EIGHT, holidays: new Set() };
const withHolidays: SendingCalendar = {
  ...NINE_TO_EIGHT,
  holidays: new Set(['2026-08-24', '2026-12-25', '2027-01-01']),
};

// Kyiv is UTC+2 in winter (EET) and UTC+3 in summer (EEST); every Z below is worked by hand.
describe('sending window (09:00–20:00 Kyiv, Monday–Friday)', () => {
  const cases: Array<
    [name: string, at: string, calendar: SendingCalendar, within: boolean, next: string]
  > = [
    // Winter: 27 Nov 2026 is a Friday, 30 Nov a Monday.
    ['Fri 19:59 Kyiv', '2026-11-27T17:59:00Z', noHolidays, true, '2026-11-27T17:59:00Z'],
    ['Fri 19:59:59.999', '2026-11-27T17:59:59.999Z', noHolidays, true, '2026-11-27T17:59:59.999Z'],
    ['Fri 20:00 → Mon 09:00', '2026-11-27T18:00:00Z', noHolidays, false, '2026-11-30T07:00:00Z'],
    ['Fri 20:30 → Mon 09:00', '2026-11-27T18:30:00Z', noHolidays, false, '2026-11-30T07:00:00Z'],
    ['Sat 12:00 → Mon 09:00', '2026-11-28T10:00:00Z', noHolidays, false, '2026-11-30T07:00:00Z'],
    ['Sun 23:59 → Mon 09:00', '2026-11-29T21:59:00Z', noHolidays, false, '2026-11-30T07:00:00Z'],
    ['Mon 08:59 → 09:00', '2026-11-30T06:59:00Z', noHolidays, false, '2026-11-30T07:00:00Z'],
    ['Mon 09:00', '2026-11-30T07:00:00Z', noHolidays, true, '2026-11-30T07:00:00Z'],
    // 23:30Z on Thursday is already 01:30 on Friday in Kyiv.
    [
      'Fri 01:30 Kyiv (Thu in UTC)',
      '2026-11-26T23:30:00Z',
      noHolidays,
      false,
      '2026-11-27T07:00:00Z',
    ],
    // Summer: 17 Jul 2026 is a Friday, 20 Jul a Monday.
    ['summer Fri 19:59', '2026-07-17T16:59:00Z', noHolidays, true, '2026-07-17T16:59:00Z'],
    ['summer Fri 20:00', '2026-07-17T17:00:00Z', noHolidays, false, '2026-07-20T06:00:00Z'],
    ['summer Mon 08:59', '2026-07-20T05:59:00Z', noHolidays, false, '2026-07-20T06:00:00Z'],
    // Holidays: Mon 24 Aug 2026 (Independence Day) is skipped to Tuesday.
    ['Fri before a holiday', '2026-08-21T17:00:00Z', withHolidays, false, '2026-08-25T06:00:00Z'],
    ['holiday Mon 12:00', '2026-08-24T09:00:00Z', withHolidays, false, '2026-08-25T06:00:00Z'],
    ['same Mon, no holidays', '2026-08-24T09:00:00Z', noHolidays, true, '2026-08-24T09:00:00Z'],
    // Thu 31 Dec 20:00 → Fri 1 Jan is a holiday → Mon 4 Jan 09:00 (winter).
    ['New Year', '2026-12-31T18:00:00Z', withHolidays, false, '2027-01-04T07:00:00Z'],
    // DST starts Sun 29 Mar 2026 03:00 → 04:00: Fri 21:00 EET → Mon 09:00 EEST.
    ['spring-forward weekend', '2026-03-27T19:00:00Z', noHolidays, false, '2026-03-30T06:00:00Z'],
    ['spring switch instant', '2026-03-29T01:00:00Z', noHolidays, false, '2026-03-30T06:00:00Z'],
    // DST ends Sun 25 Oct 2026 04:00 → 03:00: Fri 21:00 EEST → Mon 09:00 EET.
    ['fall-back weekend', '2026-10-23T18:00:00Z', noHolidays, false, '2026-10-26T07:00:00Z'],
    ['autumn switch instant', '2026-10-25T01:00:00Z', noHolidays, false, '2026-10-26T07:00:00Z'],
  ];

  it.each(cases)('%s (%s)', (_name, at, calendar, within, next) => {
    expect(isWithinSendingWindow(new Date(at), calendar)).toBe(within);
    expect(nextSendingWindowStart(new Date(at), calendar).toISOString()).toBe(
      new Date(next).toISOString(),
    );
  });

  it('returns the same instant when already inside', () => {
    const at = new Date('2026-11-27T12:34:56.789Z');
    expect(nextSendingWindowStart(at, noHolidays)).toBe(at);
  });

  it('honours other hours, up to midnight', () => {
    const allDay: SendingCalendar = { startHour: 0, endHour: 24, holidays: new Set() };
    // Fri 23:59 Kyiv = 21:59Z; Sat 00:00 Kyiv = Fri 22:00Z.
    expect(isWithinSendingWindow(new Date('2026-11-27T21:59:00Z'), allDay)).toBe(true);
    expect(isWithinSendingWindow(new Date('2026-11-27T22:00:00Z'), allDay)).toBe(false);
    // Next: Mon 30 Nov 00:00 Kyiv = Sun 29 Nov 22:00Z.
    expect(nextSendingWindowStart(new Date('2026-11-27T22:00:00Z'), allDay).toISOString()).toBe(
      '2026-11-29T22:00:00.000Z',
    );
  });

  it.each([
    [{ startHour: 20, endHour: 9 }],
    [{ startHour: 9, endHour: 9 }],
    [{ startHour: -1, endHour: 9 }],
    [{ startHour: 9, endHour: 25 }],
    [{ startHour: 8.5, endHour: 20 }],
  ])('refuses hours %j', (hours) => {
    const calendar = { ...hours, holidays: new Set<string>() };
    expect(() => isWithinSendingWindow(new Date(), calendar)).toThrow(RangeError);
    expect(() => nextSendingWindowStart(new Date(), calendar)).toThrow(RangeError);
  });

  it('gives up on a calendar with no working day', () => {
    const everyDay = new Set<string>();
    for (let t = Date.UTC(2026, 10, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
      everyDay.add(new Date(t).toISOString().slice(0, 10));
    }
    const calendar = { ...NINE_TO_EIGHT, holidays: everyDay };
    expect(() => nextSendingWindowStart(new Date('2026-11-27T12:00:00Z'), calendar)).toThrow(
      /no working day/,
    );
  });
});
