import { notFound } from 'next/navigation';
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
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { listPaymentPlans } from '@/lib/domain/plans/payment-plan-state';
import { recordAudit } from '@/lib/domain/staff/audit';
import { getStaffAccountView } from '@/lib/domain/staff/get-staff-account-view';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getStaffPolicy } from '@/lib/server/env';
import {
  CATEGORY,
  flash,
  kyivDate,
  kyivDateTime,
  PLAN_STATUS,
  REASON,
  STATUS,
  uah,
} from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

type Search = { notice?: string; error?: string; detail?: string };

const area = (centi: number | null) =>
  centi === null ? '—' : `${(centi / 100).toFixed(2).replace('.', ',')} м²`;

/**
 * "Why does this resident owe this, and why are they (not) being called?" Opening it shows a
 * resident's personal data, so it writes an `account.view` audit entry first.
 */
export default async function StaffAccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const session = await requireStaffPage('SUPPORT');
  const accountId = Number((await params).id);
  if (!Number.isSafeInteger(accountId) || accountId <= 0) notFound();
  const prisma = getPrisma();
  const rules = getBillingRules();
  const view = await getStaffAccountView(prisma, { accountId, rules });
  if (!view) notFound();
  const plans = await listPaymentPlans(prisma, { accountId, rules });
  await recordAudit(prisma, session, {
    action: 'account.view',
    accountId,
    targetType: 'account',
    targetId: accountId,
  });
  const message = flash(await searchParams);
  const { account, arrears, callList } = view;
  const back = `/staff/accounts/${accountId}`;
  const threshold = getStaffPolicy().adjustmentApprovalKopecks;
  const months = view.accruals.map((m) => m.month).reverse();
  return (
    <StaffMain title={`Рахунок ${formatAccountNumber(account.number)}`}>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <dl className="mt-4 grid max-w-4xl grid-cols-[auto_1fr] gap-x-6 gap-y-1">
        <dt className="font-semibold">Власник</dt>
        <dd>{account.holderName}</dd>
        <dt className="font-semibold">Адреса</dt>
        <dd>
          {account.address.street}, {account.address.houseNumber}, кв. {account.address.apartment} (
          {account.address.district})
        </dd>
        <dt className="font-semibold">Площа</dt>
        <dd>{area(account.areaCentiSqm)}</dd>
        <dt className="font-semibold">Стан</dt>
        <dd>
          {account.status === 'ACTIVE' ? 'діючий' : 'закритий'}, відкрито{' '}
          {kyivDate(account.openedOn)}; мова {account.preferredLocale}
        </dd>
        <dt className="font-semibold">Зв’язок</dt>
        <dd>
          {account.contactPreference === 'SMS'
            ? `SMS на ${account.smsPhoneE164 ?? '—'}`
            : 'дзвінки'}
          {account.doNotCall ? '; не телефонувати' : ''}
        </dd>
        <dt className="font-semibold">Телефони</dt>
        <dd>
          {account.phones.length === 0
            ? 'немає'
            : account.phones
                .map(
                  (p) =>
                    `${p.e164}${p.isPrimary ? ' (основний)' : ''}${p.callable ? '' : ' — недійсний'}${
                      p.verifiedAt ? ', підтверджений' : ''
                    }${p.smsFailedAt ? ', SMS не доставляються' : ''}`,
                )
                .join('; ')}
        </dd>
      </dl>

      <Section title="Чому борг і чому дзвінки" id="why">
        <ul className="list-disc pl-6">
          <li>
            До сплати <strong>{uah(arrears.amountDue)}</strong>, з них прострочено{' '}
            <strong>{uah(arrears.overdue)}</strong>
            {arrears.oldestOverdueMonth
              ? ` — найстаріший неоплачений місяць ${arrears.oldestOverdueMonth}, прострочено ${arrears.overdueMonths} повних міс.`
              : '.'}
          </li>
          <li>
            Правило списку дзвінків: прострочення понад {callList.minOverdueMonths} міс. і понад{' '}
            {uah(callList.minOverdueKopecks)}, є телефон, обрано дзвінки, немає відкритого
            звернення.
          </li>
          <li>
            {callList.onList
              ? `У списку дзвінків з ${callList.since ? kyivDateTime(callList.since) : '—'}.`
              : 'Не в списку дзвінків.'}{' '}
            Оцінка зараз:{' '}
            {callList.evaluation.reason === 'OVERDUE'
              ? 'належить до списку'
              : `не в списку — ${REASON[callList.evaluation.reason] ?? callList.evaluation.reason}`}
            .
          </li>
        </ul>
        <h3 className="mt-4 font-semibold">Вікова структура боргу (FIFO)</h3>
        <Table caption="Неоплачені місяці" head={['Місяць', 'Неоплачено', 'Прострочено міс.']}>
          {arrears.unsettled.map((u) => (
            <tr key={u.month}>
              <td className={td}>{u.month}</td>
              <td className={td}>{uah(u.amount)}</td>
              <td className={td}>
                {u.overdueMonths === null ? 'ще не настав строк' : u.overdueMonths}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section title="Нарахування за послуги" id="accruals">
        <Table
          caption="Нарахування: площа × тариф"
          head={['Місяць', 'Послуга', 'Площа × тариф', 'Сума']}
        >
          {view.accruals
            .slice()
            .reverse()
            .flatMap((m) =>
              m.lines.map((line) => (
                <tr key={line.ledgerEntryId}>
                  <td className={td}>{m.month}</td>
                  <td className={td}>{line.service.uk}</td>
                  <td className={td}>
                    {area(line.areaCentiSqm)} ×{' '}
                    {line.rateKopecksPerSqm === null ? '—' : uah(line.rateKopecksPerSqm)}
                    /м² (тариф з {line.tariffEffectiveFrom ?? '—'})
                  </td>
                  <td className={td}>{uah(line.amountKopecks)}</td>
                </tr>
              )),
            )}
        </Table>
      </Section>

      <Section title="Рух по рахунку (з наростаючим сальдо)" id="ledger">
        <Table
          caption="Записи книги обліку"
          head={['Дата', 'Вид', 'Місяць', 'Опис', 'Сума', 'Сальдо']}
        >
          {view.ledger.map((line) => (
            <tr key={line.id}>
              <td className={td}>{kyivDate(line.effectiveAt)}</td>
              <td className={td}>{line.kind}</td>
              <td className={td}>{line.month ?? ''}</td>
              <td className={td}>
                {line.service?.uk ?? ''}
                {line.receiptNumber ? ` квитанція ${line.receiptNumber}` : ''}
                {line.memo ? ` ${line.memo}` : ''}
                {line.staff ? ` (${line.staff.name})` : ''}
                {line.disputeId ? ` · звернення №${line.disputeId}` : ''}
              </td>
              <td className={`${td} whitespace-nowrap`}>{uah(line.amountKopecks)}</td>
              <td className={`${td} whitespace-nowrap`}>{uah(line.runningBalanceKopecks)}</td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section title="Платежі та події провайдера" id="payments">
        {view.payments.length === 0 ? (
          <p>Платежів немає.</p>
        ) : (
          <Table
            caption="Платежі"
            head={['Квитанція', 'Провайдер та ідентифікатор', 'Сума', 'Стан', 'Події']}
          >
            {view.payments.map((p) => (
              <tr key={p.id}>
                <td className={td}>
                  {p.receiptNumber}
                  <br />
                  {kyivDateTime(p.succeededAt ?? p.createdAt)}
                </td>
                <td className={`${td} break-all font-mono text-xs`}>
                  {p.provider} {p.providerPaymentId}
                  {p.checkoutSessionId ? ` / ${p.checkoutSessionId}` : ''}
                </td>
                <td className={td}>
                  {uah(p.amountKopecks)}
                  {p.refundedKopecks > 0 ? `, повернено ${uah(p.refundedKopecks)}` : ''}
                </td>
                <td className={td}>{p.status}</td>
                <td className={`${td} text-xs`}>
                  {p.webhookEvents.map((e) => (
                    <div key={e.id} className="break-all font-mono">
                      {kyivDateTime(e.receivedAt)} {e.type} → {e.outcome} ({e.eventId})
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Історія списку дзвінків" id="call-list">
        <Table
          caption="Перебування у списку"
          head={['Додано', 'Борг / міс.', 'Вилучено', 'Причина']}
        >
          {callList.stays.map((stay) => (
            <tr key={stay.id}>
              <td className={td}>{kyivDateTime(stay.addedAt)}</td>
              <td className={td}>
                {uah(stay.overdueKopecks)} / {stay.overdueMonths}
              </td>
              <td className={td}>
                {stay.removedAt ? kyivDateTime(stay.removedAt) : 'досі у списку'}
              </td>
              <td className={td}>
                {stay.removalReason ? (REASON[stay.removalReason] ?? stay.removalReason) : ''}
              </td>
            </tr>
          ))}
        </Table>
      </Section>

      <Section title="Розстрочки" id="plans">
        {plans.length === 0 ? (
          <p>Розстрочок не було.</p>
        ) : (
          plans.map((plan) => (
            <div key={plan.id} className="mt-3 max-w-4xl rounded border border-slate-300 p-3">
              <p className="font-semibold">
                №{plan.id}: {PLAN_STATUS[plan.status] ?? plan.status}, {uah(plan.totalKopecks)} на{' '}
                {plan.instalmentCount} міс.; сплачено {uah(plan.paidKopecks)}
              </p>
              <p className="text-slate-700">
                Запит {kyivDateTime(plan.requestedAt)}
                {plan.startedAt ? `; діє з ${kyivDateTime(plan.startedAt)}` : ''}
                {plan.endedAt ? `; завершено ${kyivDateTime(plan.endedAt)}` : ''}
                {plan.decisionNote ? `; причина: ${plan.decisionNote}` : ''}
              </p>
              {plan.standing && (
                <p>
                  Стан сьогодні:{' '}
                  {plan.standing.kind === 'PAID_OFF'
                    ? 'сплачено повністю (буде позначено виконаною)'
                    : plan.standing.kind === 'BROKEN'
                      ? `внесок №${plan.standing.missed.seq} до ${plan.standing.missed.dueDate} не сплачено після пільгових днів (буде позначено розірваною)`
                      : plan.standing.late
                        ? `внесок №${plan.standing.late.seq} прострочено, розірветься ${plan.standing.late.breaksOn}, якщо не сплатять ${uah(plan.standing.late.leftKopecks)}`
                        : `за графіком; наступний внесок №${plan.standing.next.seq}: ${uah(plan.standing.next.leftKopecks)} до ${plan.standing.next.dueDate}`}
                </p>
              )}
              <Table caption={`Графік розстрочки №${plan.id}`} head={['№', 'До', 'Сума']}>
                {plan.instalments.map((i) => (
                  <tr key={i.seq}>
                    <td className={td}>{i.seq}</td>
                    <td className={td}>{i.dueDate}</td>
                    <td className={td}>{uah(i.amountKopecks)}</td>
                  </tr>
                ))}
              </Table>
              {plan.endedAt === null && (
                <ActionForm action="plan.cancel" back={back} className="mt-2 flex flex-wrap gap-2">
                  <input type="hidden" name="planId" value={plan.id} />
                  <label className="sr-only" htmlFor={`cancel-plan-${plan.id}`}>
                    Причина скасування (її побачить мешканець)
                  </label>
                  <input
                    id={`cancel-plan-${plan.id}`}
                    name="note"
                    required
                    maxLength={2000}
                    placeholder="Причина для мешканця"
                    className={inputClass}
                  />
                  <Button tone="danger">Скасувати розстрочку</Button>
                </ActionForm>
              )}
            </div>
          ))
        )}
      </Section>

      <Section title="Згоди та SMS" id="sms">
        <ul className="list-disc pl-6">
          {view.consents.map((c) => (
            <li key={c.id}>
              {kyivDateTime(c.createdAt)}:{' '}
              {c.action === 'OPT_IN' ? 'згода на SMS' : 'відмова від SMS'} ({c.source}
              {c.staff ? `, ${c.staff.name}` : ''}), {c.phoneE164}
            </li>
          ))}
          {view.consents.length === 0 && <li>Згод немає.</li>}
        </ul>
        {view.sms.length > 0 && (
          <Table caption="SMS" head={['Створено', 'Вид', 'Стан', 'Текст']}>
            {view.sms.map((s) => (
              <tr key={s.id}>
                <td className={td}>{kyivDateTime(s.createdAt)}</td>
                <td className={td}>{s.kind}</td>
                <td className={td}>
                  {s.status}
                  {s.error ? ` (${s.error})` : ''}
                </td>
                <td className={td}>
                  {s.kind === 'ONE_TIME_CODE' ? '(одноразовий код приховано)' : s.body}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title="Звернення і коригування" id="disputes">
        <ul className="list-disc pl-6">
          {view.disputes.map((d) => (
            <li key={d.id}>
              <a className="underline" href={`/staff/disputes/${d.id}`}>
                №{d.id}
              </a>{' '}
              {CATEGORY[d.category]} — {STATUS[d.status]}
              {d.resolution ? ` (${STATUS[d.resolution]})` : ''}, відкрито {kyivDate(d.createdAt)}
              {d.dueOn ? `, строк ${d.dueOn}` : ''}
            </li>
          ))}
          {view.adjustmentRequests.map((r) => (
            <li key={`r${r.id}`}>
              Запит на коригування №{r.id}: {uah(r.amountKopecks)} {r.month ? `за ${r.month}` : ''}{' '}
              — {r.status} ({r.requestedBy.name})
            </li>
          ))}
          {view.disputes.length + view.adjustmentRequests.length === 0 && <li>Немає.</li>}
        </ul>
      </Section>

      <Section title="Коригування нарахувань" id="correct">
        <p className="max-w-3xl text-slate-700">
          Понад {uah(threshold)} коригування чекає на затвердження іншим старшим оператором; до того
          нічого не проводиться.
        </p>
        <ActionForm
          action="account.correct"
          back={back}
          className="mt-3 grid max-w-3xl grid-cols-2 gap-3"
        >
          <input type="hidden" name="accountId" value={accountId} />
          <Field id="direction" label="Напрям">
            <select id="direction" name="direction" className={inputClass} defaultValue="credit">
              <option value="credit">Зменшити борг (кредит)</option>
              <option value="debit">Донарахувати (дебет)</option>
            </select>
          </Field>
          <Field id="amount" label="Сума, грн">
            <input
              id="amount"
              name="amount"
              inputMode="decimal"
              required
              maxLength={16}
              className={inputClass}
            />
          </Field>
          <Field id="month" label="Місяць рахунку (необов’язково)">
            <select id="month" name="month" className={inputClass} defaultValue="">
              <option value="">— без місяця —</option>
              {months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </Field>
          <Field id="memo" label="Підстава">
            <input id="memo" name="memo" required maxLength={2000} className={inputClass} />
          </Field>
          <div>
            <Button>Провести коригування</Button>
          </div>
        </ActionForm>
      </Section>

      <Section title="Новий код доступу до рахунку" id="bill-code">
        <p className="max-w-3xl text-slate-700">
          Старий код перестане діяти одразу. Код показується один раз для друку або надсилається SMS
          на підтверджений номер мешканця.
        </p>
        <ActionForm
          action="account.bill-code"
          back={back}
          className="mt-3 flex flex-wrap items-end gap-3"
        >
          <input type="hidden" name="accountId" value={accountId} />
          <Field id="deliver" label="Як передати">
            <select id="deliver" name="deliver" className={inputClass} defaultValue="SHOW">
              <option value="SHOW">Показати для друку</option>
              <option value="SMS" disabled={!account.smsPhoneE164}>
                SMS на підтверджений номер{account.smsPhoneE164 ? '' : ' (немає)'}
              </option>
            </select>
          </Field>
          <Button tone="secondary">Видати новий код</Button>
        </ActionForm>
      </Section>
    </StaffMain>
  );
}
