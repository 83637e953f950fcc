import { notFound } from 'next/navigation';
import {
  ActionForm,
  Button,
  Field,
  inputClass,
  Notice,
  Section,
  StaffMain,
} from '@/components/staff/ui';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { getDisputeForStaff } from '@/lib/domain/disputes/staff-disputes';
import { recordAudit } from '@/lib/domain/staff/audit';
import { getPrisma } from '@/lib/server/db';
import { getStaffPolicy } from '@/lib/server/env';
import { CATEGORY, flash, kyivDateTime, STATUS, uah } from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

type Search = { notice?: string; error?: string; detail?: string };

/** One dispute: the resident's case, the thread, and the staff's answer (audited view). */
export default async function StaffDisputePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const session = await requireStaffPage('SUPPORT');
  const disputeId = Number((await params).id);
  if (!Number.isSafeInteger(disputeId) || disputeId <= 0) notFound();
  const prisma = getPrisma();
  const dispute = await getDisputeForStaff(prisma, session, disputeId);
  if (!dispute) notFound();
  await recordAudit(prisma, session, {
    action: 'dispute.view',
    accountId: dispute.accountId,
    targetType: 'dispute',
    targetId: dispute.id,
  });
  const message = flash(await searchParams);
  const back = `/staff/disputes/${dispute.id}`;
  const open = dispute.status !== 'RESOLVED';
  const pending = dispute.adjustmentRequests.find((r) => r.status === 'PENDING');
  const threshold = getStaffPolicy().adjustmentApprovalKopecks;
  return (
    <StaffMain title={`Звернення №${dispute.id}: ${CATEGORY[dispute.category]}`}>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <dl className="mt-4 grid max-w-4xl grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="font-semibold">Рахунок</dt>
        <dd>
          <a className="font-mono underline" href={`/staff/accounts/${dispute.account.id}`}>
            {formatAccountNumber(dispute.account.number)}
          </a>{' '}
          {dispute.account.holderName}, до сплати {uah(dispute.account.balanceKopecks)}; мова
          мешканця {dispute.account.preferredLocale}
        </dd>
        <dt className="font-semibold">Стан</dt>
        <dd>
          {STATUS[dispute.status]}
          {dispute.resolution ? ` (${STATUS[dispute.resolution]})` : ''}
          {open ? ' — дзвінки і SMS-нагадування призупинено' : ''}
        </dd>
        <dt className="font-semibold">Строк відповіді</dt>
        <dd>{dispute.dueOn ? dispute.dueOn.toISOString().slice(0, 10) : '—'}</dd>
        <dt className="font-semibold">Виконавець</dt>
        <dd>{dispute.assignedTo?.name ?? 'не призначено'}</dd>
        {dispute.periodMonth && (
          <>
            <dt className="font-semibold">Місяць</dt>
            <dd>{dispute.periodMonth.toISOString().slice(0, 7)}</dd>
          </>
        )}
        {dispute.payment && (
          <>
            <dt className="font-semibold">Платіж</dt>
            <dd>
              {dispute.payment.receiptNumber}, {uah(dispute.payment.amountKopecks)} (
              {dispute.payment.provider} {dispute.payment.providerPaymentId})
            </dd>
          </>
        )}
        {dispute.resolutionNote && (
          <>
            <dt className="font-semibold">Відповідь мешканцю</dt>
            <dd className="whitespace-pre-wrap">{dispute.resolutionNote}</dd>
          </>
        )}
      </dl>

      <Section title="Опис і листування" id="thread">
        <ol className="flex max-w-3xl flex-col gap-3">
          <li className="rounded border border-slate-300 bg-white p-3">
            <p className="text-sm text-slate-700">Мешканець · {kyivDateTime(dispute.createdAt)}</p>
            <p className="whitespace-pre-wrap">{dispute.description}</p>
          </li>
          {dispute.messages.map((m) => (
            <li
              key={m.id}
              className={`rounded border p-3 ${m.authorKind === 'STAFF' ? 'border-brand-700 bg-slate-100' : 'border-slate-300 bg-white'}`}
            >
              <p className="text-sm text-slate-700">
                {m.authorKind === 'STAFF' ? (m.staffUser?.name ?? 'Служба підтримки') : 'Мешканець'}{' '}
                · {kyivDateTime(m.createdAt)}
              </p>
              <p className="whitespace-pre-wrap">{m.body}</p>
            </li>
          ))}
        </ol>
      </Section>

      {dispute.adjustmentRequests.length > 0 && (
        <Section title="Запити на коригування" id="requests">
          <ul className="list-disc pl-6">
            {dispute.adjustmentRequests.map((r) => (
              <li key={r.id}>
                №{r.id}: {uah(r.amountKopecks)} — {r.status}, запитав {r.requestedBy.name}
                {r.decidedBy ? `, вирішив ${r.decidedBy.name}` : ''}
                {r.decisionNote ? ` («${r.decisionNote}»)` : ''}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {open && (
        <>
          <Section title="Робота зі зверненням" id="work">
            <div className="flex flex-wrap gap-6">
              {dispute.assignedTo?.id !== session.staffUserId && (
                <ActionForm action="dispute.assign" back={back}>
                  <input type="hidden" name="disputeId" value={dispute.id} />
                  <Button tone="secondary">Взяти в роботу</Button>
                </ActionForm>
              )}
            </div>
            <ActionForm
              action="dispute.reply"
              back={back}
              className="mt-4 flex max-w-3xl flex-col gap-3"
            >
              <input type="hidden" name="disputeId" value={dispute.id} />
              <Field id="body" label="Відповідь мешканцю (мешканець побачить її на своїй сторінці)">
                <textarea
                  id="body"
                  name="body"
                  required
                  maxLength={4000}
                  rows={4}
                  className={inputClass}
                />
              </Field>
              <div>
                <Button tone="secondary">Надіслати відповідь</Button>
              </div>
            </ActionForm>
          </Section>
          {pending ? (
            <Notice kind="ok">
              Рішення з коригуванням {uah(pending.amountKopecks)} чекає на затвердження старшим
              оператором (
              <a className="underline" href="/staff/approvals">
                затвердження
              </a>
              ).
            </Notice>
          ) : (
            <Section title="Рішення" id="resolve">
              <p className="max-w-3xl text-slate-700">
                Рішення знімає паузу дзвінків; далі правило списку дзвінків вирішує, чи
                телефонувати. Коригування понад {uah(threshold)} потребує затвердження іншим старшим
                оператором.
              </p>
              <ActionForm
                action="dispute.resolve"
                back={back}
                className="mt-3 grid max-w-3xl grid-cols-2 gap-3"
              >
                <input type="hidden" name="disputeId" value={dispute.id} />
                <fieldset className="col-span-2">
                  <legend className="font-semibold">Рішення</legend>
                  <label className="mr-6">
                    <input type="radio" name="resolution" value="ACCEPTED" defaultChecked />{' '}
                    Задовольнити
                  </label>
                  <label>
                    <input type="radio" name="resolution" value="REJECTED" /> Відхилити
                  </label>
                </fieldset>
                <div className="col-span-2">
                  <Field id="note" label="Відповідь мешканцю (причина рішення)">
                    <textarea
                      id="note"
                      name="note"
                      required
                      maxLength={2000}
                      rows={3}
                      className={inputClass}
                    />
                  </Field>
                </div>
                <Field id="direction" label="Коригування: напрям">
                  <select
                    id="direction"
                    name="direction"
                    className={inputClass}
                    defaultValue="credit"
                  >
                    <option value="credit">Зменшити борг (кредит)</option>
                    <option value="debit">Донарахувати (дебет)</option>
                  </select>
                </Field>
                <Field id="amount" label="Сума коригування, грн (порожньо — без коригування)">
                  <input
                    id="amount"
                    name="amount"
                    inputMode="decimal"
                    maxLength={16}
                    className={inputClass}
                  />
                </Field>
                <Field id="month" label="Місяць рахунку (РРРР-ММ)">
                  <input
                    id="month"
                    name="month"
                    maxLength={7}
                    defaultValue={
                      dispute.periodMonth ? dispute.periodMonth.toISOString().slice(0, 7) : ''
                    }
                    className={inputClass}
                  />
                </Field>
                <Field id="memo" label="Підстава коригування (для обліку)">
                  <input id="memo" name="memo" maxLength={2000} className={inputClass} />
                </Field>
                <div>
                  <Button>Зберегти рішення</Button>
                </div>
              </ActionForm>
            </Section>
          )}
        </>
      )}
    </StaffMain>
  );
}
