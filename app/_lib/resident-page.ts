import 'server-only';
import type { Locale } from '@/lib/i18n/locales';
import type { Messages } from '@/lib/i18n/messages';
import { type ResidentSession, requireResidentSession } from '@/lib/server/auth/resident';
import { getRequestMessages } from '@/lib/server/locale';

/**
 * The preamble of every signed-in resident page: the session guard (redirect to sign-in and
 * back to `path` when signed out), the language and its messages. app/account/layout.tsx runs
 * the same guard, so a page that forgot this call would still never render signed out.
 */
export async function residentPage(
  path: string,
): Promise<{ session: ResidentSession; locale: Locale; m: Messages }> {
  const session = await requireResidentSession(path);
  return { session, ...(await getRequestMessages()) };
}
