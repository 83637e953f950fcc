import type { ReactNode } from 'react';
import { requireResidentSession } from '@/lib/server/auth/resident';
import { getRequestPath } from '@/lib/server/locale';

export const dynamic = 'force-dynamic';

/**
 * Every page under /account is for a signed-in resident only (DESIGN rule 6): the guard runs
 * here for the whole segment, so a new page cannot forget it, and again in each page
 * (`residentPage`), which also needs the session's account. The site header stays in the
 * pages: a layout is kept across client-side navigations, and the header's language links
 * must return to the page actually shown.
 */
export default async function ResidentLayout({ children }: { children: ReactNode }) {
  const path = await getRequestPath();
  await requireResidentSession(path?.startsWith('/account') ? path : '/account');
  return children;
}
