import type { ReactNode } from 'react';
import { ActionForm } from '@/components/staff/ui';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { ROLE } from '../_lib/messages';
import { requireStaffPage } from '../_lib/session';

/**
 * Every console page needs a staff session (the guard runs here for the whole segment and again
 * in each page with the page's own role). Plain links: a prefetch must not open a resident's
 * data (and write an audit entry) that nobody asked to see.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await requireStaffPage('SUPPORT');
  const links: [string, string][] = [
    ['/staff', 'Пошук рахунку'],
    ['/staff/disputes', 'Звернення'],
    ['/staff/approvals', 'Затвердження'],
    ['/staff/plans', 'Розстрочки'],
    ['/staff/payments', 'Нерозпізнані платежі'],
    ...(hasRole(session, 'SUPERVISOR')
      ? ([
          ['/staff/audit', 'Журнал дій'],
          ['/staff/admin', 'Адміністрування'],
        ] as [string, string][])
      : []),
    ['/staff/security', 'Безпека'],
  ];
  return (
    <>
      <header className="border-b border-slate-300 bg-white">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          Перейти до змісту
        </a>
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-6 py-3">
          <a href="/staff" className="text-lg font-bold text-brand-800 no-underline">
            Kvartplata · консоль
          </a>
          <nav aria-label="Розділи консолі">
            <ul className="flex flex-wrap gap-4">
              {links.map(([href, label]) => (
                <li key={href}>
                  <a href={href} className="text-brand-800 underline">
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span>
              {session.name} · {ROLE[session.role]}
            </span>
            <ActionForm action="sign-out" back="/staff" className="inline">
              <button
                type="submit"
                className="min-h-10 rounded border border-slate-500 bg-white px-3 underline"
              >
                Вийти
              </button>
            </ActionForm>
          </div>
        </div>
      </header>
      {children}
    </>
  );
}
