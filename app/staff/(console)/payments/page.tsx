import { ActionForm, Button, Field, inputClass, Notice, StaffMain } from '@/components/staff/ui';
import { listUnmatchedPayments } from '@/lib/domain/staff/unmatched-payments';
import { getPrisma } from '@/lib/server/db';
import { flash, kyivDateTime, uah } from '../../_lib/messages';
import { requireStaffPage } from '../../_lib/session';

type Search = { page?: string; notice?: string; error?: string; detail?: string };

const PROBLEM: Record<string, string> = {
  NOT_A_PAYMENT: 'це не надходження коштів',
  NOT_PAID: 'оплата не завершена',
  NO_REFERENCE: 'немає даних платежу',
  WRONG_CURRENCY: 'валюта не гривня',
  NO_AMOUNT: 'немає суми',
  OVER_LIMIT: 'сума понад ліміт',
};

/** Provider events that could not be booked (NEEDS_REVIEW): attach to an account, or refund. */
export default async function UnmatchedPaymentsPage({
  searchParams,
}: {
  searchParams: Promise<Search>;
}) {
  const session = await requireStaffPage('SUPPORT');
  const search = await searchParams;
  const page = Math.min(Math.max(Number.parseInt(search.page ?? '1', 10) || 1, 1), 100);
  const result = await listUnmatchedPayments(getPrisma(), session, { page, pageSize: 20 });
  const message = flash(search);
  return (
    <StaffMain title="Нерозпізнані платежі">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <p className="mt-2 max-w-3xl text-slate-700">
        Події провайдера, які не вдалося зарахувати автоматично ({result.total} чекають рішення).
        Зарахування проводиться так само, як онлайн-платіж, і знімає рахунок зі списку дзвінків,
        якщо борг погашено. Повернення коштів виконується в кабінеті провайдера; тут фіксується
        рішення.
      </p>
      <ol className="mt-4 flex flex-col gap-4">
        {result.rows.map((row) => (
          <li key={row.id} className="rounded border border-slate-300 bg-white p-4">
            <p className="font-semibold">
              {row.provider} · {row.type} · {kyivDateTime(row.receivedAt)}
            </p>
            <p className="break-all font-mono text-sm">
              {row.eventId} {row.providerPaymentId ?? ''}
            </p>
            <p>
              Причина: {row.reason ?? '—'}. Сума:{' '}
              {row.amountMinor === null
                ? '—'
                : row.currency === 'uah'
                  ? uah(row.amountMinor)
                  : `${row.amountMinor} (${row.currency})`}
              ; вказаний рахунок: {row.accountReference ?? '—'}.
            </p>
            <div className="mt-3 flex flex-wrap gap-6">
              {row.attachProblem === null ? (
                <ActionForm
                  action="payment.attach"
                  back="/staff/payments"
                  className="flex flex-wrap items-end gap-3"
                >
                  <input type="hidden" name="eventId" value={row.id} />
                  <Field id={`account-${row.id}`} label="Зарахувати на рахунок">
                    <input
                      id={`account-${row.id}`}
                      name="accountNumber"
                      required
                      maxLength={24}
                      className={inputClass}
                    />
                  </Field>
                  <Field id={`attach-note-${row.id}`} label="Підстава">
                    <input
                      id={`attach-note-${row.id}`}
                      name="note"
                      required
                      maxLength={2000}
                      className={inputClass}
                    />
                  </Field>
                  <Button>Зарахувати</Button>
                </ActionForm>
              ) : (
                <p>Зарахувати не можна: {PROBLEM[row.attachProblem] ?? row.attachProblem}.</p>
              )}
              <ActionForm
                action="payment.refund"
                back="/staff/payments"
                className="flex flex-wrap items-end gap-3"
              >
                <input type="hidden" name="eventId" value={row.id} />
                <Field id={`refund-note-${row.id}`} label="Причина повернення">
                  <input
                    id={`refund-note-${row.id}`}
                    name="note"
                    required
                    maxLength={2000}
                    className={inputClass}
                  />
                </Field>
                <Button tone="danger">Позначити до повернення</Button>
              </ActionForm>
            </div>
          </li>
        ))}
        {result.rows.length === 0 && <li>Нерозпізнаних платежів немає.</li>}
      </ol>
      <nav aria-label="Сторінки" className="mt-4 flex gap-4">
        {page > 1 && (
          <a className="underline" href={`/staff/payments?page=${page - 1}`}>
            ← Попередня
          </a>
        )}
        {result.hasMore && (
          <a className="underline" href={`/staff/payments?page=${page + 1}`}>
            Наступна →
          </a>
        )}
      </nav>
    </StaffMain>
  );
}
