import 'server-only';
import { cookies, headers } from 'next/headers';
import { isLocale, LOCALE_COOKIE, type Locale, negotiateLocale } from '../i18n/locales';

/** The resident's language: an explicit choice (cookie) wins over the browser's preference. */
export async function getRequestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return negotiateLocale((await headers()).get('accept-language'));
}
