import { formatHryvniaInput } from '@/lib/domain/payments/payment-limits';
import type { PaymentPlanView } from '@/lib/domain/plans/payment-plan-state';
import { addDays, type Instalment } from '@/lib/domain/plans/plan-schedule';
import { formatDocumentDate, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

const dateOf = (day: string) => formatDocumentDate(new Date(`${day}T12:00:00Z`));

/**
 * The schedule as a table: each instalment's date and amount and, once the plan runs, what is
 * paid of it (payments count in order: FIFO). `paidKopecks` null: a proposal, nothing paid.
 */
export function PlanSchedule({
  instalments,
  paidKopecks,
  today,
  locale,
  messages: m,
  caption,
}: {
  instalments: readonly Instalment[];
  paidKopecks: number | null;
  today: string;
  locale: Locale;
  messages: Messages;
  caption: string;
}) {
  let cumulative = 0;
  const total = instalments.reduce((sum, i) => sum + i.amountKopecks, 0);
  return (
    <table className="mt-2 w-full border-collapse text-left" data-testid="plan-schedule">
      <caption className="text-left font-semibold">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-1 pr-2">
            {m.plan.colNo}
          </th>
          <th scope="col" className="py-1 pr-2">
            {m.plan.colDue}
          </th>
          <th scope="col" className="py-1 pr-2 text-right">
            {m.plan.colAmount}
          </th>
          {paidKopecks !== null && (
            <th scope="col" className="py-1">
              {m.plan.colState}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {instalments.map((instalment) => {
          const before = cumulative;
          cumulative += instalment.amountKopecks;
          let state = '';
          if (paidKopecks !== null) {
            const covered = Math.min(instalment.amountKopecks, Math.max(0, paidKopecks - before));
            state =
              covered >= instalment.amountKopecks
                ? m.plan.statePaid
                : instalment.dueDate < today
                  ? `${m.plan.stateLate}: ${interpolate(m.plan.stateLeft, { amount: formatUah(instalment.amountKopecks - covered, locale) })}`
                  : covered > 0
                    ? interpolate(m.plan.stateLeft, {
                        amount: formatUah(instalment.amountKopecks - covered, locale),
                      })
                    : m.plan.stateDue;
          }
          return (
            <tr key={instalment.seq} className="border-b border-slate-200">
              <td className="py-1 pr-2 tabular-nums">{instalment.seq}</td>
              <td className="py-1 pr-2 tabular-nums">{dateOf(instalment.dueDate)}</td>
              <td className="py-1 pr-2 text-right tabular-nums whitespace-nowrap">
                {formatUah(instalment.amountKopecks, locale)}
              </td>
              {paidKopecks !== null && <td className="py-1">{state}</td>}
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={paidKopecks !== null ? 4 : 3} className="py-1 font-semibold">
            {interpolate(m.plan.total, { amount: formatUah(total, locale) })}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/**
 * Where the resident's plan stands, in plain words: in force (paid so far, the next instalment,
 * a late one and the last day to pay it, with a button for it), waiting for approval, paid
 * off, broken (which instalment, when, and what applies now), declined or cancelled (staff's
 * reason). Says whether the resident is called because of it.
 */
export function PlanStatus({
  plan,
  accountNumber,
  graceDays,
  minOverdueMonths,
  locale,
  messages: m,
}: {
  plan: PaymentPlanView;
  accountNumber: string;
  graceDays: number;
  minOverdueMonths: number;
  locale: Locale;
  messages: Messages;
}) {
  const ended = plan.endedAt ? formatDocumentDate(plan.endedAt) : '';
  const lines: string[] = [];
  let pay: number | null = null;
  const standing = plan.standing;
  if (plan.status === 'ACTIVE' && standing) {
    lines.push(
      interpolate(m.plan.progress, {
        paid: formatUah(plan.paidKopecks, locale),
        total: formatUah(plan.totalKopecks, locale),
      }),
    );
    if (standing.kind === 'PAID_OFF') lines.push(m.plan.paidOff);
    if (standing.kind === 'ON_TRACK') {
      if (standing.late) {
        lines.push(
          interpolate(m.plan.late, {
            amount: formatUah(standing.late.leftKopecks, locale),
            date: dateOf(standing.late.dueDate),
            last: dateOf(addDays(standing.late.breaksOn, -1)),
          }),
        );
        pay = standing.late.leftKopecks;
      } else {
        lines.push(
          interpolate(m.plan.next, {
            amount: formatUah(standing.next.leftKopecks, locale),
            date: dateOf(standing.next.dueDate),
          }),
        );
        pay = standing.next.leftKopecks;
      }
      lines.push(m.plan.notCalled);
    }
  }
  if (plan.status === 'PENDING') lines.push(m.plan.pendingText);
  if (plan.status === 'COMPLETED') lines.push(interpolate(m.plan.completedText, { ended }));
  if (plan.status === 'BROKEN') {
    const missed = missedDueDate(plan);
    lines.push(
      interpolate(m.plan.brokenText, {
        date: missed ? dateOf(missed) : '—',
        days: graceDays,
        ended,
        min: minOverdueMonths,
      }),
    );
  }
  if (plan.status === 'DECLINED')
    lines.push(interpolate(m.plan.declinedText, { note: plan.decisionNote ?? '' }));
  if (plan.status === 'CANCELLED')
    lines.push(interpolate(m.plan.cancelledText, { ended, note: plan.decisionNote ?? '' }));
  const warn =
    plan.status === 'BROKEN' || plan.status === 'DECLINED' || plan.status === 'CANCELLED';
  return (
    <div
      className={`rounded border p-3 ${warn ? 'border-amber-300 bg-amber-50' : 'border-green-300 bg-green-50'}`}
      data-testid="plan-status"
    >
      <p className="font-semibold">{m.plan.status[plan.status]}</p>
      {lines.map((line) => (
        <p key={line} className="mt-1">
          {line}
        </p>
      ))}
      {pay !== null && pay > 0 && (
        <a
          href={`/pay?account=${encodeURIComponent(accountNumber)}&amount=${encodeURIComponent(formatHryvniaInput(pay))}`}
          className="mt-3 inline-flex min-h-12 items-center justify-center rounded bg-brand-700 px-6 font-semibold text-white no-underline hover:bg-brand-800"
        >
          {interpolate(m.plan.payNext, { amount: formatUah(pay, locale) })}
        </a>
      )}
    </div>
  );
}

/** The due date of the instalment a broken plan missed: the first one not covered. */
function missedDueDate(plan: PaymentPlanView): string | null {
  let cumulative = 0;
  for (const instalment of plan.instalments) {
    cumulative += instalment.amountKopecks;
    if (plan.paidKopecks < cumulative) return instalment.dueDate;
  }
  return null;
}

/** The four terms a plan is agreed on, in the resident's language (plan page and agreement). */
export function planTerms(options: {
  totalKopecks: number;
  graceDays: number;
  minOverdueMonths: number;
  locale: Locale;
  messages: Messages;
}): string[] {
  const m = options.messages;
  return [
    m.plan.termFifo,
    interpolate(m.plan.termGrace, { days: options.graceDays, min: options.minOverdueMonths }),
    interpolate(m.plan.termBills, { amount: formatUah(options.totalKopecks, options.locale) }),
    m.plan.termEarly,
  ];
}
