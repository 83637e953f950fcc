import type { ReactNode } from 'react';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { ADMIN_SECTIONS } from '../../_lib/admin-sections';
import { requireStaffPage } from '../../_lib/session';

/** The administration's menu under the console's (issue 10). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await requireStaffPage('SUPERVISOR');
  const sections = ADMIN_SECTIONS.filter((s) => hasRole(session, s.role));
  return (
    <>
      <nav aria-label="Адміністрування" className="border-b border-slate-200 bg-slate-50">
        <ul className="mx-auto flex max-w-6xl flex-wrap gap-4 px-6 py-2 text-sm">
          {sections.map((s) => (
            <li key={s.href}>
              <a href={s.href} className="text-brand-800 underline">
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </>
  );
}
