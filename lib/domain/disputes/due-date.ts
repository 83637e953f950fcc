/**
 * A dispute's due date: `workingDays` working days after the Kyiv day it was opened (Saturdays,
 * Sundays and the configured public holidays do not count). The day of opening does not count
 * either: a dispute opened on Monday with 1 working day is due on Tuesday.
 */
export function addWorkingDays(
  kyivDay: string,
  workingDays: number,
  holidays: ReadonlySet<string>,
): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(kyivDay)) throw new Error(`not a day: ${kyivDay}`);
  const [year, month, day] = kyivDay.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  let left = workingDays;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    const iso = date.toISOString().slice(0, 10);
    if (weekday !== 0 && weekday !== 6 && !holidays.has(iso)) left -= 1;
  }
  return date.toISOString().slice(0, 10);
}
