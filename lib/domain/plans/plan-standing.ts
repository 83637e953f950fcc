import { addDays, type DayKey, type Instalment } from './plan-schedule';

/**
 * Where an active plan stands on `today` (a Kyiv day), given what the account has paid since
 * the plan was asked for. Payments count towards the instalments in order (FIFO: the plan's
 * debt is the oldest, so every payment settles it first), so the plan is kept while the
 * cumulative amount paid covers every instalment whose grace has run out:
 * - PAID_OFF: paid at least the total (early or on time): the plan is complete;
 * - BROKEN: an instalment due more than `graceDays` days before today is not covered;
 * - ON_TRACK: otherwise. `late` is the first instalment past its due date but within its grace
 *   (it breaks on `breaksOn` unless paid), `next` the first instalment not yet covered.
 *
 * The call-list rule states "in good standing" (ON_TRACK) in SQL, in EVALUATE_CALL_LIST_SQL;
 * an integration test proves the two agree.
 */
export type PlanStanding =
  | { kind: 'PAID_OFF'; paidKopecks: number }
  | {
      kind: 'ON_TRACK';
      paidKopecks: number;
      next: InstalmentProgress;
      late: (InstalmentProgress & { breaksOn: DayKey }) | null;
    }
  | { kind: 'BROKEN'; paidKopecks: number; missed: InstalmentProgress & { brokeOn: DayKey } };

/** An instalment with how much of it is still to pay. */
export type InstalmentProgress = Instalment & { leftKopecks: number };

export function paymentPlanStanding(options: {
  instalments: readonly Instalment[];
  paidKopecks: number;
  today: DayKey;
  graceDays: number;
}): PlanStanding {
  const instalments = [...options.instalments].sort((a, b) => a.seq - b.seq);
  const total = instalments.reduce((sum, i) => sum + i.amountKopecks, 0);
  const paid = Math.max(0, options.paidKopecks);
  if (paid >= total) return { kind: 'PAID_OFF', paidKopecks: paid };
  let cumulative = 0;
  let next: InstalmentProgress | null = null;
  let late: (InstalmentProgress & { breaksOn: DayKey }) | null = null;
  for (const instalment of instalments) {
    cumulative += instalment.amountKopecks;
    if (paid >= cumulative) continue;
    const progress = {
      ...instalment,
      leftKopecks: Math.min(instalment.amountKopecks, cumulative - paid),
    };
    const breaksOn = addDays(instalment.dueDate, options.graceDays + 1);
    if (breaksOn <= options.today) {
      return { kind: 'BROKEN', paidKopecks: paid, missed: { ...progress, brokeOn: breaksOn } };
    }
    next ??= progress;
    if (!late && instalment.dueDate < options.today) late = { ...progress, breaksOn };
  }
  if (!next) return { kind: 'PAID_OFF', paidKopecks: paid };
  return { kind: 'ON_TRACK', paidKopecks: paid, next, late };
}
