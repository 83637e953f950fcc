import 'server-only';
import { cookies, headers } from 'next/headers';
import { isLocale, LOCALE_COOKIE, type Locale, negotiateLocale } from '../i18n/locales';
import { type Messages, messagesFor } from '../i18n/messages';

/** The resident's language: an explicit choice (cookie) wins over the browser's preference. */
export async function getRequestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get('accept-language'));
}

/** The request's language and its messages: the preamble of every page and form. */
export async function getRequestMessages(): Promise<{ locale: Locale; m: Messages }> {
  const locale = await getRequestLocale();
  return { locale, m: messagesFor(locale) };
}

/** Header proxy.ts puts on every page request: the path the browser asked for (no query). */
export const REQUEST_PATH_HEADER = 'x-kvp-path';

/** The path of the page being rendered, as proxy.ts recorded it; null if absent. */
export async function getRequestPath(): Promise<string | null> {
  return (await headers()).get(REQUEST_PATH_HEADER);
}
