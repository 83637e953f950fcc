import { interpolate, type Messages } from '@/lib/i18n/messages';

/** The message for an error code the SMS actions put in the query, or null. */
export function smsErrorText(
  m: Messages,
  search: { error?: string; minutes?: string },
): string | null {
  const errors: Record<string, string> = m.sms.errors;
  if (!search.error || !Object.hasOwn(errors, search.error)) return null;
  const minutes = search.minutes && /^[0-9]{1,4}$/.test(search.minutes) ? search.minutes : '1';
  return interpolate(errors[search.error] ?? '', { minutes });
}
