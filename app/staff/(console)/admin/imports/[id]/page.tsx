import { notFound } from 'next/navigation';
import { Notice, Section, StaffMain, Table, td } from '@/components/staff/ui';
import { isAppError } from '@/lib/domain/app-error';
import { getPaymentImport, type PaymentImportView } from '@/lib/domain/imports/get-payment-import';
import { IMPORT_ROW_REASON_UK } from '@/lib/domain/imports/payment-import-errors-csv';
import { getPrisma } from '@/lib/server/db';
import { elapsed, IMPORT_STATUS } from '../../../../_lib/import-labels';
import { kyivDateTime, uah } from '../../../../_lib/messages';
import { requireStaffPage } from '../../../../_lib/session';

async function load(
  session: Awaited<ReturnType<typeof requireStaffPage>>,
  id: string,
): Promise<PaymentImportView> {
  const importId = /^\d{1,9}$/.test(id) ? Number(id) : Number.NaN;
  try {
    return await getPaymentImport(getPrisma(), session, { importId });
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) notFound();
    throw error;
  }
}

/**
 * One import (ADMIN): its progress while the job runs (rows done of the file's rows, elapsed;
 * the page reloads itself every 2 s until it ends, no JavaScript, and the progress is the
 * import's own row, so a reload or a worker's restart loses nothing), then its summary and the
 * error report.
 */
export default async function PaymentImportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ notice?: string }>;
}) {
  const session = await requireStaffPage('ADMIN');
  const view = await load(session, (await params).id);
  const { notice } = await searchParams;
  const live = view.status === 'QUEUED' || view.status === 'RUNNING';
  const now = new Date();
  const notBooked = view.duplicates + view.refused;
  const facts: [string, string][] = [
    [
      'Файл',
      `${view.fileName} (${(view.sizeBytes / 1024).toFixed(0)} КіБ, ${view.encoding}, роздільник «${view.delimiter}»)`,
    ],
    ['SHA-256', view.sha256],
    ['Завантажив', `${view.uploadedBy}, ${kyivDateTime(view.createdAt)}`],
    ['Стан', IMPORT_STATUS[view.status]],
    ['Оброблено рядків', `${view.rowsDone} з ${view.rowsTotal}`],
    ['Тривалість', elapsed(view.startedAt, view.finishedAt, now)],
    ['Зараховано', `${view.booked} платежів на ${uah(view.bookedKopecks)}`],
    ['Дублікати (вже зараховані раніше)', String(view.duplicates)],
    ['Відхилено', String(view.refused)],
    ['Знято зі списку дзвінків', `${view.removedFromCallList} рахунків`],
  ];
  return (
    <StaffMain title={`Реєстр № ${view.id}`}>
      {live && <meta httpEquiv="refresh" content="2" />}
      {notice === 'queued' && (
        <Notice kind="ok">
          Реєстр завантажено і поставлено в чергу ({view.rowsTotal} рядків). Сторінка оновлюється
          сама, доки його не буде оброблено.
        </Notice>
      )}
      {view.status === 'FAILED' && (
        <Notice kind="error">
          Обробку зупинено: {view.error ?? 'невідома помилка'}. Уже оброблені рядки зараховано;
          повторне завантаження файлу зарахує лише решту.
        </Notice>
      )}
      {view.sameFileBefore.length > 0 && (
        <p className="mt-4">
          Цей самий файл уже завантажували:{' '}
          {view.sameFileBefore.map((id, index) => (
            <span key={id}>
              {index > 0 && ', '}
              <a className="underline" href={`/staff/admin/imports/${id}`}>
                № {id}
              </a>
            </span>
          ))}
          . Уже зараховані рядки повторно не зараховуються.
        </p>
      )}
      <Section title={live ? 'Хід обробки' : 'Підсумок'} id="summary">
        <label htmlFor="import-progress" className="font-semibold">
          Оброблено {view.rowsDone} з {view.rowsTotal} рядків
        </label>
        <progress
          id="import-progress"
          className="mt-1 block h-4 w-full max-w-xl"
          max={Math.max(view.rowsTotal, 1)}
          value={view.rowsDone}
        >
          {view.rowsDone} з {view.rowsTotal}
        </progress>
        <dl className="mt-4 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-semibold">{term}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </Section>
      <Section title="Незараховані рядки" id="errors">
        {notBooked === 0 ? (
          <p>{live ? 'Поки що немає.' : 'Усі рядки зараховано.'}</p>
        ) : (
          <>
            <Table caption="Незараховані рядки за причиною" head={['Причина', 'Рядків']}>
              {view.reasons.map((group) => (
                <tr key={group.reason}>
                  <td className={td}>{IMPORT_ROW_REASON_UK[group.reason]}</td>
                  <td className={td}>{group.rows}</td>
                </tr>
              ))}
            </Table>
            <p className="mt-3">
              <a className="underline" href={`/staff/admin/imports/${view.id}/errors.csv`} download>
                Завантажити звіт про помилки (CSV)
              </a>{' '}
              — кожен незарахований рядок з причиною і значеннями з файлу. Виправлений звіт можна
              завантажити як реєстр.
            </p>
          </>
        )}
      </Section>
      <p className="mt-8">
        <a className="underline" href="/staff/admin/imports">
          ← Усі реєстри
        </a>
      </p>
    </StaffMain>
  );
}
