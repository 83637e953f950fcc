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
import { listPendingAdjustments } from '@/lib/domain/staff/adjustments';
import { hasRole } from '@/lib/domain/staff/staff-actor';
import { getPrisma } from '@/lib/server/db';
import { flash, kyivDateTime, uah } from '../../_lib/messages';
import { requireStaffPage } from '../../_lib/session';

type Search = { notice?: string; error?: string; detail?: string };

/** Corrections above the four-eyes threshold, waiting for a SUPERVISOR other than the requester. */
export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('SUPPORT');
  const requests = await listPendingAdjustments(getPrisma(), session);
  const message = flash(await searchParams);
  const supervisor = hasRole(session, 'SUPERVISOR');
  return (
    <StaffMain title="Коригування, що чекають затвердження">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <p className="mt-2 max-w-3xl text-slate-700">
        Затверджує старший оператор, який не створював запит. До затвердження нічого не проводиться;
        звернення залишається відкритим, а дзвінки — призупиненими.
      </p>
      <div className="mt-4">
        {requests.length === 0 ? (
          <p>Запитів немає.</p>
        ) : (
          <Table
            caption="Запити на коригування"
            head={['№', 'Рахунок', 'Сума', 'Підстава', 'Запит', 'Рішення']}
          >
            {requests.map((r) => {
              const own = r.requestedBy.id === session.staffUserId;
              return (
                <tr key={r.id}>
                  <td className={td}>
                    №{r.id}
                    {r.dispute ? (
                      <>
                        <br />
                        <a className="underline" href={`/staff/disputes/${r.dispute.id}`}>
                          звернення №{r.dispute.id}
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td className={td}>
                    <a className="font-mono underline" href={`/staff/accounts/${r.accountId}`}>
                      {formatAccountNumber(r.account.number)}
                    </a>
                    <br />
                    {r.account.holderName}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    {uah(r.amountKopecks)}
                    {r.periodMonth ? ` за ${r.periodMonth.toISOString().slice(0, 7)}` : ''}
                  </td>
                  <td className={`${td} whitespace-pre-wrap`}>{r.memo}</td>
                  <td className={td}>
                    {r.requestedBy.name}
                    <br />
                    {kyivDateTime(r.requestedAt)}
                  </td>
                  <td className={td}>
                    <div className="flex flex-col gap-2">
                      {supervisor && !own && (
                        <ActionForm action="adjustment.approve" back="/staff/approvals">
                          <input type="hidden" name="requestId" value={r.id} />
                          <Button>Затвердити</Button>
                        </ActionForm>
                      )}
                      {(supervisor || own) && (
                        <ActionForm
                          action="adjustment.decline"
                          back="/staff/approvals"
                          className="flex gap-2"
                        >
                          <input type="hidden" name="requestId" value={r.id} />
                          <label className="sr-only" htmlFor={`decline-${r.id}`}>
                            Причина
                          </label>
                          <input
                            id={`decline-${r.id}`}
                            name="note"
                            required
                            maxLength={2000}
                            placeholder="Причина"
                            className={inputClass}
                          />
                          <Button tone="danger">{own ? 'Відкликати' : 'Відхилити'}</Button>
                        </ActionForm>
                      )}
                      {!supervisor && !own && <span>Чекає на старшого оператора</span>}
                    </div>
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </div>
    </StaffMain>
  );
}
