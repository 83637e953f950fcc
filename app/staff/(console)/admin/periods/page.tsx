import { ActionForm, Button, Notice, Section, StaffMain, Table, td } from '@/components/staff/ui';
import {
  getPeriodsView,
  type PeriodProgress,
  type PeriodRow,
} from '@/lib/domain/billing/period-close-console';
import { getPrisma } from '@/lib/server/db';
import { flash, kyivDateTime, uah } from '../../../_lib/messages';
import { requireStaffPage } from '../../../_lib/session';

type Search = { notice?: string; error?: string; detail?: string };

const STATUS: Record<PeriodRow['status'], string> = {
  OPEN: 'відкритий',
  CLOSING: 'закривається',
  CLOSED: 'закритий',
};

/**
 * Billing periods (issue 10, ADMIN): close the next month as a job on the queue, watch its
 * progress (from the period's own row: it survives a reload and a worker's restart), resume a
 * close that failed, and read each close's report.
 */
export default async function PeriodsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const session = await requireStaffPage('ADMIN');
  const view = await getPeriodsView(getPrisma(), session);
  const message = flash(await searchParams);
  const running = view.periods.find(
    (p) => p.status === 'CLOSING' || (p.status === 'OPEN' && p.requestedAt !== null),
  );
  const live = running !== undefined && running.closeError === null;
  return (
    <StaffMain title="Розрахункові періоди">
      {live && <meta httpEquiv="refresh" content="2" />}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}

      <Section title="Закриття місяця" id="close">
        {running ? (
          <CloseProgress period={running} />
        ) : view.next === null ? (
          <p>Жоден період ще не закрито: перше закриття виконують з командного рядка.</p>
        ) : view.next.ended ? (
          <ActionForm
            action="period.close"
            back="/staff/admin/periods"
            className="flex flex-col gap-2"
          >
            <p className="max-w-3xl">
              Наступний до закриття — <strong>{view.next.month}</strong>. Закриття нарахує всім
              діючим рахункам плату за місяць за ставками, що діяли в ньому, і переоцінить список
              дзвінків. Воно йде у фоновому режимі; сторінку можна закрити й відкрити знову.
            </p>
            <input type="hidden" name="month" value={view.next.month} />
            <div>
              <Button>Закрити {view.next.month}</Button>
            </div>
          </ActionForm>
        ) : (
          <p>
            Наступний до закриття — {view.next.month}; його можна закрити з 1-го числа наступного
            місяця (за київським часом).
          </p>
        )}
      </Section>

      <Section title="Останні періоди" id="periods">
        <Table
          caption="Розрахункові періоди і звіти закриття"
          head={['Місяць', 'Стан', 'Нараховано', 'Список дзвінків', 'За послугами', 'Закрив']}
        >
          {view.periods.map((p) => (
            <tr key={p.month}>
              <td className={td}>{p.month}</td>
              <td className={td}>{STATUS[p.status]}</td>
              <td className={`${td} whitespace-nowrap`}>
                {p.status === 'OPEN' ? (
                  '—'
                ) : (
                  <>
                    {uah(Number(p.totalAccruedKopecks))}
                    <br />
                    {p.progress.accountsDone.toLocaleString('uk-UA')} рахунків,{' '}
                    {p.linesAccrued.toLocaleString('uk-UA')} рядків
                  </>
                )}
              </td>
              <td className={td}>
                {p.callList
                  ? `${p.callList.before.toLocaleString('uk-UA')} → ${p.callList.onList.toLocaleString('uk-UA')} (+${p.callList.added.toLocaleString('uk-UA')} / −${p.callList.removed.toLocaleString('uk-UA')})`
                  : '—'}
              </td>
              <td className={td}>
                {p.services.length === 0 ? (
                  '—'
                ) : (
                  <ul>
                    {p.services.map((s) => (
                      <li key={s.code}>
                        {s.nameUk}: {uah(Number(s.totalKopecks))}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className={td}>
                {p.closedAt ? `${p.closedBy ?? 'система'}, ${kyivDateTime(p.closedAt)}` : '—'}
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </StaffMain>
  );
}

function CloseProgress({ period }: { period: PeriodRow }) {
  const p: PeriodProgress = period.progress;
  const percent = Math.floor(p.fraction * 100);
  return (
    <div className="max-w-3xl rounded border border-slate-400 p-4" id="progress">
      <h3 className="text-lg font-semibold">Закриття {period.month}</h3>
      {period.status === 'OPEN' ? (
        <p role="status">
          У черзі з {period.requestedAt ? kyivDateTime(period.requestedAt) : '—'} (
          {period.requestedBy ?? '—'}); почнеться, щойно обробник завдань його візьме.
        </p>
      ) : (
        <>
          <label htmlFor="close-progress" className="mt-2 block">
            Нараховано {p.accountsDone.toLocaleString('uk-UA')} з{' '}
            {p.accountsTotal.toLocaleString('uk-UA')} рахунків ({percent} %)
          </label>
          <progress id="close-progress" max={100} value={percent} className="mt-1 w-full" />
          <p role="status" className="mt-1">
            Минуло {duration(p.elapsedSeconds)}
            {p.remainingSeconds !== null &&
              `, залишилось приблизно ${duration(p.remainingSeconds)}`}
            . Сторінка оновлюється кожні 2 секунди.
          </p>
        </>
      )}
      {period.closeError && (
        <Notice kind="error">
          Закриття перервано: {period.closeError.slice(0, 300)}. Уже нараховане збережено;
          продовження почне з місця зупинки.
        </Notice>
      )}
      <ActionForm
        action="period.close"
        back="/staff/admin/periods"
        className="mt-3 flex flex-col gap-2"
      >
        <input type="hidden" name="month" value={period.month} />
        <input type="hidden" name="resume" value="1" />
        <p className="text-sm text-slate-700">
          Якщо хід зупинився (обробник завдань перезапущено), поставте закриття в чергу знову: воно
          продовжить з місця зупинки, і жоден рядок не буде нараховано двічі.
        </p>
        <div>
          <Button tone={period.closeError ? 'primary' : 'secondary'}>
            Продовжити закриття {period.month}
          </Button>
        </div>
      </ActionForm>
    </div>
  );
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} с` : `${Math.floor(s / 60)} хв ${s % 60} с`;
}
