import { Button, Field, inputClass, Notice, StaffMain, Table, td } from '@/components/staff/ui';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { isAppError } from '@/lib/domain/app-error';
import { recordAudit } from '@/lib/domain/staff/audit';
import {
  type AccountSearchResult,
  type SearchKind,
  searchAccounts,
} from '@/lib/domain/staff/search-accounts';
import { getPrisma } from '@/lib/server/db';
import { getAccountNumberScheme } from '@/lib/server/env';
import { flash, kyivDate, uah } from '../_lib/messages';
import { requireStaffPage } from '../_lib/session';

const KINDS: [SearchKind, string][] = [
  ['auto', 'Будь-що'],
  ['number', 'Номер рахунку'],
  ['name', 'ПІБ'],
  ['address', 'Адреса'],
  ['phone', 'Телефон'],
];

const PAGE_SIZE = 20;

type Search = {
  q?: string;
  kind?: string;
  page?: string;
  notice?: string;
  error?: string;
  detail?: string;
};

/** Account search: number, address, holder's name (Ukrainian or Russian spelling) or phone. */
export default async function StaffSearchPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('SUPPORT');
  const search = await searchParams;
  const query = (search.q ?? '').slice(0, 201);
  const kind = (KINDS.find(([k]) => k === search.kind)?.[0] ?? 'auto') as SearchKind;
  const page = Math.min(Math.max(Number.parseInt(search.page ?? '1', 10) || 1, 1), 50);
  let result: AccountSearchResult | null = null;
  let problem: string | null = null;
  if (query.trim() !== '') {
    try {
      const prisma = getPrisma();
      result = await searchAccounts(prisma, {
        query,
        kind,
        page,
        pageSize: PAGE_SIZE,
        scheme: getAccountNumberScheme(),
      });
      await recordAudit(prisma, session, {
        action: 'account.search',
        detail: { query, kind: result.kind, page, results: result.rows.length },
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = error.message;
    }
  }
  const message = flash(search);
  const pageHref = (n: number) =>
    `/staff?${new URLSearchParams({ q: query, kind, page: String(n) })}`;
  return (
    <StaffMain title="Пошук особового рахунку">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <form method="get" action="/staff" className="mt-4 flex flex-wrap items-end gap-3">
        <Field id="q" label="Номер рахунку, адреса, ПІБ або телефон">
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query}
            maxLength={200}
            className={`${inputClass} w-96 max-w-full`}
            aria-describedby="q-hint"
          />
        </Field>
        <Field id="kind" label="Шукати як">
          <select id="kind" name="kind" defaultValue={kind} className={inputClass}>
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Button>Знайти</Button>
      </form>
      <p id="q-hint" className="mt-2 text-sm text-slate-700">
        Наприклад: «1111 1111 16», «Сумська 10 кв 5», «Мельник Світлана» або «Мельник Светлана»,
        «050 123 45 67».
      </p>
      {problem && <Notice kind="error">Запит не виконано: {problem}.</Notice>}
      {result && (
        <div className="mt-6">
          <p role="status">
            {result.rows.length === 0
              ? 'Нічого не знайдено.'
              : `Сторінка ${page}: ${result.rows.length} рахунків${result.hasMore ? ' (є ще)' : ''}.`}
          </p>
          {result.rows.length > 0 && (
            <Table
              caption="Знайдені рахунки"
              head={['Рахунок', 'Власник', 'Адреса', 'До сплати', 'Список дзвінків']}
            >
              {result.rows.map((row) => (
                <tr key={row.accountId}>
                  <td className={td}>
                    <a className="font-mono underline" href={`/staff/accounts/${row.accountId}`}>
                      {formatAccountNumber(row.number)}
                    </a>
                  </td>
                  <td className={td}>{row.holderName}</td>
                  <td className={td}>
                    {row.street}, {row.houseNumber}, кв. {row.apartment}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>{uah(row.balanceKopecks)}</td>
                  <td className={td}>
                    {row.onCallList
                      ? `У списку з ${row.callListSince ? kyivDate(row.callListSince) : '—'}`
                      : 'Не в списку'}
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <nav aria-label="Сторінки результатів" className="mt-4 flex gap-4">
            {page > 1 && (
              <a className="underline" href={pageHref(page - 1)}>
                ← Попередня
              </a>
            )}
            {result.hasMore && (
              <a className="underline" href={pageHref(page + 1)}>
                Наступна →
              </a>
            )}
          </nav>
        </div>
      )}
    </StaffMain>
  );
}
