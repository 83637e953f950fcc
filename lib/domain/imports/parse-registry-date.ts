/**
 * The day a registry row was paid: `YYYY-MM-DD` or `DD.MM.YYYY`, optionally followed by a time
 * (`2026-11-30 14:05`, `30.11.2026 14:05:09`, ISO `T`), which is ignored: the day is what the
 * bank's Kyiv accounting reports. Returns 'YYYY-MM-DD', or null for anything else, a day that
 * does not exist (31.02.2026) or a year before 2000.
 */
export function parseRegistryDate(input: string): string | null {
  const value = input.trim();
  const time = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?`;
  const iso = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${time}$`).exec(value);
  const dotted = new RegExp(String.raw`^(\d{2})\.(\d{2})\.(\d{4})${time}$`).exec(value);
  const parts = iso
    ? { year: iso[1], month: iso[2], day: iso[3] }
    : dotted
      ? { year: dotted[3], month: dotted[2], day: dotted[1] }
      : null;
  if (!parts) return null;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  if (year < 2000) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return null;
  if (date.getUTCDate() !== day) return null;
  return `${parts.year}-${parts.month}-${parts.day}`;
}
