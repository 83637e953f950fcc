import {
  ActionForm,
  Button,
  Field,
  inputClass,
  Notice,
  Section,
  StaffMain,
  Table,
  td,
} from '@/components/staff/ui';
import { type AppErrorDetails, isAppError } from '@/lib/domain/app-error';
import { formatHryvniaInput } from '@/lib/domain/payments/payment-limits';
import { previewTariff, type TariffPreview } from '@/lib/domain/tariffs/preview-tariff';
import { getTariffHistory, type TariffInput } from '@/lib/domain/tariffs/tariff-schedule';
import { getPrisma } from '@/lib/server/db';
import { tariffForm } from '../../../_lib/form';
import { flash, kyivDateTime, uah } from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

type Search = {
  notice?: string;
  error?: string;
  detail?: string;
  category?: string;
  serviceId?: string;
  categoryId?: string;
  month?: string;
  rate?: string;
};

const perSqm = (kopecks: number) => `${uah(kopecks)}/м²`;
const area = (centi: number) => `${(centi / 100).toFixed(2).replace('.', ',')} м²`;

/**
 * Tariffs (issue 10, ADMIN): each category's rates per service over time, and a new rate from
 * a month to come with a preview of its effect on the real data before it is scheduled. Rates a
 * closed period used are history (the database refuses to change them too).
 */
export default async function TariffsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('ADMIN');
  const search = await searchParams;
  const prisma = getPrisma();
  const history = await getTariffHistory(prisma, session);
  const categoryId =
    Number(search.categoryId ?? search.category) || (history.categories[0]?.id ?? 0);
  const category = history.categories.find((c) => c.id === categoryId);
  const message = flash(search);

  let input: TariffInput | null = null;
  let preview: TariffPreview | null = null;
  let previewError: string | null = null;
  if (search.rate !== undefined) {
    try {
      const form = new FormData();
      for (const key of ['categoryId', 'serviceId', 'month', 'rate'] as const) {
        form.set(key, search[key] ?? '');
      }
      input = tariffForm(form);
      preview = await previewTariff(prisma, session, input);
    } catch (error) {
      if (!isAppError(error, 'INVALID_INPUT')) throw error;
      previewError = inputProblem(error.details, history.firstSchedulable);
      input = null;
    }
  }
  const serviceName = (id: number) => history.services.find((s) => s.id === id)?.nameUk ?? `#${id}`;

  return (
    <StaffMain title="Тарифи">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <p className="mt-2 max-w-3xl text-slate-700">
        Нарахування = площа × ставка за кожну послугу, з округленням до копійки. Ставка діє з
        першого числа свого місяця до наступної ставки тієї ж категорії й послуги. Закрито періоди
        до {history.frozenThrough ?? '—'} включно: їхні ставки — історія, їх не можна змінити чи
        видалити. Нова ставка може діяти не раніше ніж з {history.firstSchedulable}.
      </p>

      <nav aria-label="Категорії будинків" className="mt-4">
        <ul className="flex flex-wrap gap-3">
          {history.categories.map((c) => (
            <li key={c.id}>
              <a
                href={`/staff/admin/tariffs?category=${c.id}`}
                aria-current={c.id === categoryId ? 'page' : undefined}
                className={`underline ${c.id === categoryId ? 'font-bold text-slate-900' : 'text-brand-800'}`}
              >
                {c.nameUk}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {category && (
        <Section title={`Ставки: ${category.nameUk}`} id="history">
          <Table
            caption={`Історія ставок категорії ${category.nameUk}`}
            head={['Послуга', 'Діє з', 'Ставка', 'Стан', 'Хто, коли', '']}
          >
            {history.tariffs
              .filter((t) => t.categoryId === categoryId)
              .map((t) => (
                <tr key={t.id}>
                  <td className={td}>{serviceName(t.serviceId)}</td>
                  <td className={td}>{t.effectiveFrom}</td>
                  <td className={`${td} whitespace-nowrap`}>{perSqm(t.rateKopecksPerSqm)}</td>
                  <td className={td}>{t.frozen ? 'використано (історія)' : 'заплановано'}</td>
                  <td className={td}>
                    {t.createdBy ?? '—'}, {kyivDateTime(t.createdAt)}
                  </td>
                  <td className={td}>
                    {!t.frozen && (
                      <ActionForm action="tariff.withdraw" back="/staff/admin/tariffs">
                        <input type="hidden" name="tariffId" value={t.id} />
                        <Button tone="danger">Скасувати</Button>
                      </ActionForm>
                    )}
                  </td>
                </tr>
              ))}
          </Table>
        </Section>
      )}

      {category && (
        <Section title="Нова ставка: спершу попередній розрахунок" id="new-rate">
          <form
            method="get"
            action="/staff/admin/tariffs"
            className="flex flex-wrap items-end gap-4"
          >
            <input type="hidden" name="categoryId" value={categoryId} />
            <Field id="serviceId" label="Послуга">
              <select
                id="serviceId"
                name="serviceId"
                className={inputClass}
                defaultValue={search.serviceId}
              >
                {history.services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.nameUk}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="month" label="Діє з місяця (РРРР-ММ)">
              <input
                id="month"
                name="month"
                type="month"
                required
                min={history.firstSchedulable}
                defaultValue={search.month ?? history.firstSchedulable}
                className={inputClass}
              />
            </Field>
            <Field id="rate" label="Ставка, грн за м² на місяць">
              <input
                id="rate"
                name="rate"
                inputMode="decimal"
                required
                defaultValue={search.rate}
                placeholder="7,35"
                className={inputClass}
              />
            </Field>
            <Button tone="secondary">Розрахувати вплив</Button>
          </form>
          {previewError && <Notice kind="error">Перевірте дані: {previewError}.</Notice>}
          {preview && input && (
            <div className="mt-4 max-w-3xl rounded border border-slate-400 p-4" id="preview">
              <h3 className="text-lg font-semibold">
                Вплив: {serviceName(input.serviceId)}, з {input.month}
              </h3>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1">
                <dt>За м²</dt>
                <dd>
                  {perSqm(preview.beforeKopecksPerSqm)} → {perSqm(preview.afterKopecksPerSqm)} (
                  {signed(preview.afterKopecksPerSqm - preview.beforeKopecksPerSqm)})
                </dd>
                <dt>Типова квартира</dt>
                <dd>
                  {preview.typicalAreaCentiSqm === null
                    ? 'у категорії немає діючих рахунків'
                    : `${area(preview.typicalAreaCentiSqm)} (медіана): ${uah(preview.typicalBeforeKopecks)} → ${uah(preview.typicalAfterKopecks)} на місяць (${signed(preview.typicalAfterKopecks - preview.typicalBeforeKopecks)})`}
                </dd>
                <dt>Усі рахунки категорії</dt>
                <dd>
                  {preview.accounts.toLocaleString('uk-UA')} рахунків:{' '}
                  {uah(Number(preview.totalBeforeKopecks))} →{' '}
                  {uah(Number(preview.totalAfterKopecks))} на місяць (
                  {signed(Number(preview.totalAfterKopecks - preview.totalBeforeKopecks))})
                </dd>
              </dl>
              <ActionForm action="tariff.schedule" back="/staff/admin/tariffs" className="mt-4">
                <input type="hidden" name="categoryId" value={input.categoryId} />
                <input type="hidden" name="serviceId" value={input.serviceId} />
                <input type="hidden" name="month" value={input.month} />
                <input
                  type="hidden"
                  name="rate"
                  value={formatHryvniaInput(input.rateKopecksPerSqm)}
                />
                <Button>
                  Запланувати {perSqm(input.rateKopecksPerSqm)} з {input.month}
                </Button>
              </ActionForm>
            </div>
          )}
        </Section>
      )}
    </StaffMain>
  );
}

/** Why a rate cannot be previewed, in words. */
function inputProblem(details: AppErrorDetails['INVALID_INPUT'], first: string): string {
  if (details?.field === 'month' && details.problem === 'CLOSED') {
    return `ставка може діяти не раніше ніж з ${first}: попередні місяці закрито або вони минули`;
  }
  if (details?.field === 'month') return 'місяць має бути у форматі РРРР-ММ';
  if (details?.field === 'rate' && details.problem === 'TOO_HIGH') {
    return 'ставка понад 1 000,00 грн за м² — схоже на помилку';
  }
  if (details?.field === 'rate') return 'ставку введіть у гривнях, напр. 7,35';
  return 'оберіть категорію і послугу';
}

function signed(kopecks: number): string {
  return `${kopecks > 0 ? '+' : kopecks < 0 ? '−' : '±'}${uah(Math.abs(kopecks))}`;
}
