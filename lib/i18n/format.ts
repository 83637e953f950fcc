import { KYIV_TIME_ZONE } from '../dates';
import { INTL_LOCALE, type Locale } from './locales';

/** Money in UAH from kopecks, in the reader's language (e.g. "1 234,56 грн", "UAH 1,234.56"). */
export function formatUah(kopecks: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'UAH' }).format(
    kopecks / 100,
  );
}

/** A date in Kyiv time, e.g. "27.11.2026" / "27 Nov 2026". */
export function formatDate(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: KYIV_TIME_ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(instant);
}

export function formatDateTime(instant: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: KYIV_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(instant);
}

/** A billing month ("2026-11") as "листопад 2026" / "November 2026". */
export function formatMonth(month: string, locale: Locale): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(new Date(Date.UTC(year ?? 1970, (m ?? 1) - 1, 1)));
}

/** A date as Ukrainian payment documents print it, in Kyiv time, in every language: "30.11.2026". */
export function formatDocumentDate(instant: Date): string {
  return formatDocumentDateTime(instant).slice(0, 10);
}

/**
 * Date and time as Ukrainian payment documents print them, in Kyiv time and in every language:
 * "30.11.2026 18:20".
 */
export function formatDocumentDateTime(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: KYIV_TIME_ZONE,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}
