import { StaffMain } from '@/components/staff/ui';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { ADMIN_SECTIONS } from '../../_lib/admin-sections';
import { requireStaffPage } from '../../_lib/session';

export default async function AdminIndexPage() {
  const session = await requireStaffPage('SUPERVISOR');
  return (
    <StaffMain title="Адміністрування">
      <ul className="mt-4 flex flex-col gap-3">
        {ADMIN_SECTIONS.filter((s) => hasRole(session, s.role)).map((s) => (
          <li key={s.href}>
            <a href={s.href} className="font-semibold text-brand-800 underline">
              {s.label}
            </a>
            <span className="text-slate-700"> — {s.about}</span>
          </li>
        ))}
      </ul>
    </StaffMain>
  );
}
