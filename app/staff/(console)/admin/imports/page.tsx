import {
  Button,
  Field,
  inputClass,
  Notice,
  Section,
  StaffMain,
  Table,
  td,
} from '@/components/staff/ui';
import { fileSize } from '@/lib/domain/imports/file-size';
import { listPaymentImports } from '@/lib/domain/imports/list-payment-imports';
import { REGISTRY_HEADER_NAMES } from '@/lib/domain/imports/registry-columns';
import { getPrisma } from '@/lib/server/db';
import { getImportMaxBytes } from '@/lib/server/env';
import { IMPORT_STATUS } from '../../../_lib/import-labels';
import { flash, kyivDateTime, uah } from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

type Search = { page?: string; error?: string; detail?: string };

const names = (list: readonly string[]) => list.map((name) => `«${name}»`).join(', ');

/**
 * Payment registries from banks and post offices (issue 10, ADMIN): upload one (a plain
 * multipart form, no JavaScript needed) and see every import with its status and summary.
 */
export default async function PaymentImportsPage({
  searchParams,
}: {
  searchParams: Promise<Search>;
}) {
  const session = await requireStaffPage('ADMIN');
  const search = await searchParams;
  const page = Math.min(Math.max(Number.parseInt(search.page ?? '1', 10) || 1, 1), 1000);
  const result = await listPaymentImports(getPrisma(), session, { page, pageSize: 20 });
  const message = flash(search);
  return (
    <StaffMain title="Реєстри платежів з банків і пошти">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <Section title="Завантажити реєстр" id="upload">
        <form
          method="post"
          action="/staff/admin/imports/upload"
          encType="multipart/form-data"
          className="flex flex-col gap-3"
        >
          <Field
            id="registry-file"
            label="Файл реєстру (CSV)"
            hint={`До ${fileSize(getImportMaxBytes())}. Кодування UTF-8 або Windows-1251, роздільник «;» або «,». Перший рядок — заголовок.`}
          >
            <input
              id="registry-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              aria-describedby="registry-file-hint registry-columns"
              className={inputClass}
            />
          </Field>
          <div id="registry-columns" className="max-w-3xl text-sm text-slate-700">
            <p>Стовпці за назвою в заголовку, у будь-якому порядку:</p>
            <ul className="ml-5 list-disc">
              <li>
                рахунок: {names(REGISTRY_HEADER_NAMES.accountNumber.slice(0, 3))}
                {';'}
              </li>
              <li>
                сума в гривнях («1234,56» або «1234.56»):{' '}
                {names(REGISTRY_HEADER_NAMES.amount.slice(0, 2))}
                {';'}
              </li>
              <li>
                дата оплати («2026-11-30» або «30.11.2026»):{' '}
                {names(REGISTRY_HEADER_NAMES.paidAt.slice(0, 3))}
                {';'}
              </li>
              <li>
                референс банку: {names(REGISTRY_HEADER_NAMES.reference.slice(0, 3))}
                {';'}
              </li>
              <li>платник (необов’язково): {names(REGISTRY_HEADER_NAMES.payer.slice(0, 2))}.</li>
            </ul>
            <p className="mt-1">
              Кожен правильний рядок зараховується так само, як онлайн-платіж, і знімає боржника зі
              списку дзвінків, якщо борг погашено. Повторне завантаження того самого реєстру нічого
              не зараховує двічі.
            </p>
          </div>
          <div>
            <Button>Завантажити</Button>
          </div>
        </form>
      </Section>
      <Section title="Завантажені реєстри" id="imports">
        {result.rows.length === 0 ? (
          <p>Реєстрів ще не завантажували.</p>
        ) : (
          <Table
            caption="Завантажені реєстри, новіші спершу"
            head={[
              '№',
              'Файл',
              'Завантажено',
              'Стан',
              'Рядків',
              'Зараховано',
              'Дублікатів',
              'Відхилено',
              'Знято зі списку дзвінків',
            ]}
          >
            {result.rows.map((row) => (
              <tr key={row.id}>
                <td className={td}>
                  <a className="underline" href={`/staff/admin/imports/${row.id}`}>
                    {row.id}
                  </a>
                </td>
                <td className={`${td} break-all`}>{row.fileName}</td>
                <td className={td}>
                  {kyivDateTime(row.createdAt)}, {row.uploadedBy}
                </td>
                <td className={td}>{IMPORT_STATUS[row.status]}</td>
                <td className={td}>
                  {row.rowsDone} з {row.rowsTotal}
                </td>
                <td className={td}>
                  {row.booked} ({uah(row.bookedKopecks)})
                </td>
                <td className={td}>{row.duplicates}</td>
                <td className={td}>{row.refused}</td>
                <td className={td}>{row.removedFromCallList}</td>
              </tr>
            ))}
          </Table>
        )}
        <nav aria-label="Сторінки" className="mt-4 flex gap-4">
          {page > 1 && (
            <a className="underline" href={`/staff/admin/imports?page=${page - 1}`}>
              ← Попередня
            </a>
          )}
          {result.hasMore && (
            <a className="underline" href={`/staff/admin/imports?page=${page + 1}`}>
              Наступна →
            </a>
          )}
        </nav>
      </Section>
    </StaffMain>
  );
}
