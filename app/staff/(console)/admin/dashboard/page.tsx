import { CollectionsDashboardView } from '@/components/staff/collections-dashboard';
import { Button, Field, inputClass, StaffMain } from '@/components/staff/ui';
import {
  DASHBOARD_MONTH_CHOICES,
  dashboardMonths,
  getCollectionsDashboard,
} from '@/lib/domain/dashboard/get-collections-dashboard';
import { getPrisma } from '@/lib/server/db';
import { kyivDateTime } from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

/**
 * The collections dashboard (SUPERVISOR and ADMIN): debtors, the collection rate, the call list
 * and how accounts left it, SMS opt-ins, payments by channel, disputes; each chart with its
 * figures and a CSV export. Reads only the pre-aggregated days (docs/dashboard.md).
 */
export default async function CollectionsDashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ months?: string }>;
}) {
  const session = await requireStaffPage('SUPERVISOR');
  const months = dashboardMonths((await searchParams).months);
  const data = await getCollectionsDashboard(getPrisma(), session, { now: new Date(), months });
  return (
    <StaffMain title="Показники стягнення">
      <form method="get" action="/staff/admin/dashboard" className="mt-4 flex items-end gap-3">
        <Field id="months" label="Період">
          <select id="months" name="months" defaultValue={String(months)} className={inputClass}>
            {DASHBOARD_MONTH_CHOICES.map((n) => (
              <option key={n} value={n}>
                {`останні ${n} ${n % 10 >= 2 && n % 10 <= 4 && (n < 12 || n > 14) ? 'місяці' : 'місяців'}`}
              </option>
            ))}
          </select>
        </Field>
        <Button>Показати</Button>
      </form>
      <p className="mt-3 text-sm text-slate-700">
        {data.computedAt
          ? `Оновлено ${kyivDateTime(data.computedAt)} (кожні 10 хвилин; минулі дні перераховуються щоночі).`
          : 'Показники ще не пораховано: їх рахує фонова задача (кожні 10 хвилин) або scripts/dashboard-backfill.ts.'}
      </p>
      <CollectionsDashboardView
        data={data}
        csvHref={(chart) => `/staff/admin/dashboard/${chart}?months=${months}`}
      />
    </StaffMain>
  );
}
