import {
  ActionForm,
  Button,
  inputClass,
  Notice,
  StaffMain,
  Table,
  td,
} from '@/components/staff/ui';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { listPendingPaymentPlans } from '@/lib/domain/plans/decide-payment-plan';
import { getPrisma } from '@/lib/server/db';
import { getPaymentPlanPolicy } from '@/lib/server/env';
import { flash, kyivDateTime, PLAN_REVIEW_REASON, uah } from '../../_lib/messages';
import { requireStaffPage } from '../../_lib/session';

type Search = { notice?: string; error?: string; detail?: string };

/**
 * Payment plans outside the limits for starting at once (issue 11): SUPPORT approves one (it
 * starts today and takes the number off the call list) or declines it with a reason the
 * resident reads. Each decision is audited.
 */
export default async function PlansPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('SUPPORT');
  const plans = await listPendingPaymentPlans(getPrisma(), session);
  const message = flash(await searchParams);
  const policy = getPaymentPlanPolicy();
  return (
    <StaffMain title="Розстрочки, що чекають рішення">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <p className="mt-2 max-w-3xl text-slate-700">
        Одразу діють плани на суму до {uah(policy.autoMaxKopecks)}, до {policy.autoMaxInstalments}{' '}
        внесків, якщо за {policy.brokenCooldownMonths} міс. не було розірваної розстрочки. Решта
        чекає тут. До схвалення діють звичайні правила (зокрема дзвінки). Причину відмови мешканець
        побачить у порталі.
      </p>
      <div className="mt-4">
        {plans.length === 0 ? (
          <p>Запитів немає.</p>
        ) : (
          <Table
            caption="Запити на розстрочку"
            head={['№', 'Рахунок', 'Борг / внесків', 'Чому чекає', 'Запит', 'Рішення']}
          >
            {plans.map((plan) => (
              <tr key={plan.id}>
                <td className={td}>№{plan.id}</td>
                <td className={td}>
                  <a
                    className="font-mono underline"
                    href={`/staff/accounts/${plan.accountId}#plans`}
                  >
                    {formatAccountNumber(plan.accountNumber)}
                  </a>
                  <br />
                  {plan.holderName}
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {uah(plan.totalKopecks)} / {plan.instalmentCount}
                </td>
                <td className={td}>
                  {plan.reviewReason
                    ? (PLAN_REVIEW_REASON[plan.reviewReason] ?? plan.reviewReason)
                    : ''}
                </td>
                <td className={td}>{kyivDateTime(plan.requestedAt)}</td>
                <td className={td}>
                  <div className="flex flex-col gap-2">
                    <ActionForm action="plan.approve" back="/staff/plans">
                      <input type="hidden" name="planId" value={plan.id} />
                      <Button>Схвалити</Button>
                    </ActionForm>
                    <ActionForm action="plan.decline" back="/staff/plans" className="flex gap-2">
                      <input type="hidden" name="planId" value={plan.id} />
                      <label className="sr-only" htmlFor={`decline-plan-${plan.id}`}>
                        Причина відмови (її побачить мешканець)
                      </label>
                      <input
                        id={`decline-plan-${plan.id}`}
                        name="note"
                        required
                        maxLength={2000}
                        placeholder="Причина для мешканця"
                        className={inputClass}
                      />
                      <Button tone="danger">Відхилити</Button>
                    </ActionForm>
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </div>
    </StaffMain>
  );
}
