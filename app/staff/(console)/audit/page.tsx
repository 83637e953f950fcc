import { Button, Field, inputClass, StaffMain, Table, td } from '@/components/staff/ui';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { listAuditLog } from '@/lib/domain/staff/audit-log';
import { getPrisma } from '@/lib/server/db';
import { type AuditSearch, auditFilters, auditQuery } from '../../_lib/audit-filters';
import { kyivDateTime } from '../../_lib/messages';
import { requireStaffPage } from '../../_lib/session';

/** Who did what to which account and when (SUPERVISOR and ADMIN), filterable, exportable. */
export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<AuditSearch & { page?: string }>;
}) {
  const session = await requireStaffPage('SUPERVISOR');
  const search = await searchParams;
  const page = Math.min(Math.max(Number.parseInt(search.page ?? '1', 10) || 1, 1), 500);
  const result = await listAuditLog(getPrisma(), session, {
    ...auditFilters(search),
    page,
    pageSize: 50,
  });
  const query = auditQuery(search);
  return (
    <StaffMain title="Журнал дій персоналу">
      <form method="get" action="/staff/audit" className="mt-4 flex flex-wrap items-end gap-3">
        <Field id="account" label="Рахунок">
          <input
            id="account"
            name="account"
            defaultValue={search.account ?? ''}
            maxLength={24}
            className={inputClass}
          />
        </Field>
        <Field id="action" label="Дія (початок назви)">
          <input
            id="action"
            name="action"
            defaultValue={search.action ?? ''}
            maxLength={64}
            placeholder="dispute."
            className={inputClass}
          />
        </Field>
        <Field id="staff" label="Працівник (id)">
          <input
            id="staff"
            name="staff"
            inputMode="numeric"
            defaultValue={search.staff ?? ''}
            maxLength={9}
            className={inputClass}
          />
        </Field>
        <Field id="from" label="З дати">
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={search.from ?? ''}
            className={inputClass}
          />
        </Field>
        <Field id="to" label="По дату">
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={search.to ?? ''}
            className={inputClass}
          />
        </Field>
        <Button>Показати</Button>
      </form>
      <p className="mt-3">
        <a className="underline" href={`/staff/audit/export${query ? `?${query}` : ''}`}>
          Завантажити CSV з цими фільтрами
        </a>
      </p>
      <div className="mt-4">
        <Table caption="Записи журналу" head={['Час', 'Хто', 'Дія', 'Рахунок', 'Об’єкт', 'Деталі']}>
          {result.rows.map((row) => (
            <tr key={row.id}>
              <td className={`${td} whitespace-nowrap`}>{kyivDateTime(row.createdAt)}</td>
              <td className={td}>
                {row.staff ? `${row.staff.name} (${row.staff.id})` : row.actorKind}
              </td>
              <td className={`${td} font-mono`}>{row.action}</td>
              <td className={td}>
                {row.account ? (
                  <a className="font-mono underline" href={`/staff/accounts/${row.account.id}`}>
                    {formatAccountNumber(row.account.number)}
                  </a>
                ) : (
                  ''
                )}
              </td>
              <td className={td}>
                {row.targetType ? `${row.targetType} ${row.targetId ?? ''}` : ''}
              </td>
              <td className={`${td} break-all font-mono text-xs`}>
                {row.detail ? JSON.stringify(row.detail) : ''}
              </td>
            </tr>
          ))}
        </Table>
        {result.rows.length === 0 && <p className="mt-2">Записів немає.</p>}
      </div>
      <nav aria-label="Сторінки" className="mt-4 flex gap-4">
        {page > 1 && (
          <a className="underline" href={`/staff/audit?${query}&page=${page - 1}`}>
            ← Новіші
          </a>
        )}
        {result.hasMore && (
          <a className="underline" href={`/staff/audit?${query}&page=${page + 1}`}>
            Старіші →
          </a>
        )}
      </nav>
    </StaffMain>
  );
}
