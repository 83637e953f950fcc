import { Notice, StaffMain, Table, td } from '@/components/staff/ui';
import { kyivDay } from '@/lib/dates';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { type DisputeQueueFilter, listDisputeQueue } from '@/lib/domain/disputes/staff-disputes';
import { getPrisma } from '@/lib/server/db';
import { CATEGORY, flash, kyivDate, STATUS } from '../../_lib/messages';
import { requireStaffPage } from '../../_lib/session';

const FILTERS: [DisputeQueueFilter, string][] = [
  ['open', 'Усі відкриті'],
  ['unassigned', 'Без виконавця'],
  ['mine', 'Мої'],
  ['overdue', 'Прострочені'],
  ['resolved', 'Вирішені'],
];

type Search = { filter?: string; page?: string; notice?: string; error?: string; detail?: string };

/** The dispute queue: age and due date (working days), oldest due first. */
export default async function DisputeQueuePage({
  searchParams,
}: {
  searchParams: Promise<Search>;
}) {
  const session = await requireStaffPage('SUPPORT');
  const search = await searchParams;
  const filter = FILTERS.find(([f]) => f === search.filter)?.[0] ?? 'open';
  const page = Math.min(Math.max(Number.parseInt(search.page ?? '1', 10) || 1, 1), 100);
  const now = new Date();
  const today = kyivDay(now);
  const queue = await listDisputeQueue(getPrisma(), session, { filter, page, pageSize: 50, today });
  const message = flash(search);
  const ageDays = (since: Date) => Math.floor((now.getTime() - since.getTime()) / 86_400_000);
  return (
    <StaffMain title="Звернення мешканців">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <nav aria-label="Фільтр звернень" className="mt-4">
        <ul className="flex flex-wrap gap-4">
          {FILTERS.map(([value, label]) => (
            <li key={value}>
              <a
                href={`/staff/disputes?filter=${value}`}
                aria-current={value === filter ? 'page' : undefined}
                className={value === filter ? 'font-bold' : 'underline'}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="mt-4">
        {queue.rows.length === 0 ? (
          <p>Звернень немає.</p>
        ) : (
          <Table
            caption="Черга звернень"
            head={['№', 'Рахунок', 'Категорія', 'Стан', 'Відкрито', 'Строк', 'Виконавець']}
          >
            {queue.rows.map((row) => {
              const late = row.status !== 'RESOLVED' && row.dueOn !== null && row.dueOn < today;
              return (
                <tr key={row.id}>
                  <td className={td}>
                    <a className="underline" href={`/staff/disputes/${row.id}`}>
                      №{row.id}
                    </a>
                  </td>
                  <td className={td}>
                    <span className="font-mono">{formatAccountNumber(row.accountNumber)}</span>
                    <br />
                    {row.holderName}
                  </td>
                  <td className={td}>{CATEGORY[row.category]}</td>
                  <td className={td}>
                    {STATUS[row.status]}
                    {row.pendingAdjustment ? ' · чекає затвердження' : ''}
                  </td>
                  <td className={td}>
                    {kyivDate(row.createdAt)} ({ageDays(row.createdAt)} дн.)
                  </td>
                  <td className={`${td} ${late ? 'font-bold text-red-800' : ''}`}>
                    {row.dueOn ?? '—'}
                    {late ? ' — прострочено' : ''}
                  </td>
                  <td className={td}>{row.assignedTo ?? '—'}</td>
                </tr>
              );
            })}
          </Table>
        )}
      </div>
      <nav aria-label="Сторінки" className="mt-4 flex gap-4">
        {page > 1 && (
          <a className="underline" href={`/staff/disputes?filter=${filter}&page=${page - 1}`}>
            ← Попередня
          </a>
        )}
        {queue.hasMore && (
          <a className="underline" href={`/staff/disputes?filter=${filter}&page=${page + 1}`}>
            Наступна →
          </a>
        )}
      </nav>
    </StaffMain>
  );
}
