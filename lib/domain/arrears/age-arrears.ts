import { addMonths, kyivMonthOf, type MonthKey, monthStartDate, monthsBetween } from '../../dates';
import type { Kopecks } from '../../money';
import type { BillingRules } from '../billing-rules';

/** A debit of one month: the month's accruals (and any charge posted in that month). */
export type MonthlyDebit = { month: MonthKey; amount: Kopecks };

export type AgeingBucket = '0-1' | '1-3' | '3-6' | '6-12' | '12+';

export const AGEING_BUCKETS: readonly AgeingBucket[] = ['0-1', '1-3', '3-6', '6-12', '12+'];

export type ArrearsReport = {
  /** Ledger balance: debits minus credits (negative = credit carried forward). */
  balance: Kopecks;
  /** What the resident owes now, due or not yet due (0 when in credit). */
  amountDue: Kopecks;
  /** The part of amountDue whose due date has passed. */
  overdue: Kopecks;
  /** Full months the oldest unsettled overdue debit has been overdue (0 when nothing is). */
  overdueMonths: number;
  /** Month of the oldest unsettled overdue debit, or null. */
  oldestOverdueMonth: MonthKey | null;
  /** Overdue amount by how many full months each unsettled debit has been overdue. */
  buckets: Record<AgeingBucket, Kopecks>;
  /** Unsettled part of each debit, oldest first (only debits not fully settled). */
  unsettled: { month: MonthKey; amount: Kopecks; overdueMonths: number | null }[];
};

export function bucketOf(overdueMonths: number): AgeingBucket {
  if (overdueMonths < 1) return '0-1';
  if (overdueMonths < 3) return '1-3';
  if (overdueMonths < 6) return '3-6';
  if (overdueMonths < 12) return '6-12';
  return '12+';
}

/**
 * The due-date rule (DESIGN rule 2), stated once: the bill for `month` is due at the end of
 * month + dueMonthsAfter, so it is overdue from the first day of the month after that.
 * EVALUATE_CALL_LIST_SQL states the same in SQL; an integration test proves they agree.
 */
export function overdueFromMonth(
  month: MonthKey,
  rules: Pick<BillingRules, 'dueMonthsAfter'>,
): MonthKey {
  return addMonths(month, rules.dueMonthsAfter + 1);
}

/**
 * The last day on which the bill for `month` may be paid without being overdue, as noon UTC
 * of that day: the same calendar day in Kyiv whatever the season.
 */
export function dueDateOf(month: MonthKey, rules: Pick<BillingRules, 'dueMonthsAfter'>): Date {
  const overdueFrom = monthStartDate(overdueFromMonth(month, rules));
  return new Date(overdueFrom.getTime() - 12 * 60 * 60 * 1000);
}

/**
 * The last day to pay the bill for `month` while it is not overdue yet as of `asOf`, or null
 * once it is overdue (the statement's "not a debt yet: due by …").
 */
export function notOverdueUntil(
  month: MonthKey,
  asOf: Date,
  rules: Pick<BillingRules, 'dueMonthsAfter'>,
): Date | null {
  return kyivMonthOf(asOf) < overdueFromMonth(month, rules) ? dueDateOf(month, rules) : null;
}

/** Total credits of an account: its month debits minus its balance (rule 2's identity). */
export function creditsOf(debits: readonly MonthlyDebit[], balance: Kopecks): Kopecks {
  return debits.reduce((sum, debit) => sum + debit.amount, 0) - balance;
}

/**
 * The FIFO walk itself, the one place it is written: `credits` settle the debits oldest month
 * first. Returns every debit, oldest first, with how much of it the credits settled.
 */
export function settleOldestFirst(
  debits: readonly MonthlyDebit[],
  credits: Kopecks,
): { month: MonthKey; amount: Kopecks; settled: Kopecks }[] {
  const sorted = [...debits].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  let creditLeft = Math.max(0, credits);
  return sorted.map((debit) => {
    const settled = Math.min(creditLeft, Math.max(0, debit.amount));
    creditLeft -= settled;
    return { month: debit.month, amount: debit.amount, settled };
  });
}

/**
 * FIFO arrears ageing (DESIGN rule 2). Credits — payments, credit adjustments, reversed
 * charges, net of reversed payments — settle the oldest debits first, whenever they were
 * made: a resident who pays "this month's bill" while older months are open has in fact paid
 * the oldest month, which is what the law of set-off and the utility's own practice do. So
 * only the total credit matters: walk the debits oldest first and let it run out.
 *
 * `asOfMonth` is the Kyiv calendar month of the moment of evaluation. A debit overdue from
 * month F is `monthsBetween(F, asOfMonth)` full months overdue (the current month is not full).
 */
export function ageArrears(options: {
  debits: readonly MonthlyDebit[];
  credits: Kopecks;
  asOfMonth: MonthKey;
  rules: Pick<BillingRules, 'dueMonthsAfter'>;
}): ArrearsReport {
  const { rules } = options;
  const balance = options.debits.reduce((sum, debit) => sum + debit.amount, 0) - options.credits;
  const buckets: Record<AgeingBucket, Kopecks> = {
    '0-1': 0,
    '1-3': 0,
    '3-6': 0,
    '6-12': 0,
    '12+': 0,
  };
  const unsettled: ArrearsReport['unsettled'] = [];
  let overdue = 0;
  let overdueMonths = 0;
  let oldestOverdueMonth: MonthKey | null = null;

  for (const debit of settleOldestFirst(options.debits, options.credits)) {
    const open = debit.amount - debit.settled;
    if (open <= 0) continue;
    const from = overdueFromMonth(debit.month, rules);
    const monthsOverdue = from <= options.asOfMonth ? monthsBetween(from, options.asOfMonth) : null;
    unsettled.push({ month: debit.month, amount: open, overdueMonths: monthsOverdue });
    if (monthsOverdue === null) continue;
    overdue += open;
    buckets[bucketOf(monthsOverdue)] += open;
    if (oldestOverdueMonth === null) {
      oldestOverdueMonth = debit.month;
      overdueMonths = monthsOverdue;
    }
  }

  return {
    balance,
    amountDue: Math.max(0, balance),
    overdue,
    overdueMonths,
    oldestOverdueMonth,
    buckets,
    unsettled,
  };
}
