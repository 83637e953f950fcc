import type { Locale } from '../locales';
import { en } from './en';
import { ru } from './ru';
import { type Messages, uk } from './uk';

export type { Messages };

const ALL: Record<Locale, Messages> = { uk, ru, en };

export function messagesFor(locale: Locale): Messages {
  return ALL[locale];
}

/** Fills {placeholders}; a missing value leaves the placeholder visible rather than blank. */
export function interpolate(
  template: string,
  values: Record<string, string | number> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
