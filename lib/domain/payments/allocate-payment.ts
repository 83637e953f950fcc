import type { MonthKey } from '../../dates';
import type { MonthlyDebit } from '../arrears/age-arrears';

/**
 * Which months one payment settled, by the same FIFO rule as the ageing (rule 2): earlier
 * credits settle the oldest debits, this payment continues where they stopped, and whatever is
 * left over is credit carried forward.
 */
export function allocatePayment(options: {
  debits: readonly MonthlyDebit[];
  priorCredits: number;
  amount: number;
}): { settled: { month: MonthKey; amount: number }[]; leftover: number } {
  const debits = [...options.debits].sort((a, b) =>
    a.month < b.month ? -1 : a.month > b.month ? 1 : 0,
  );
  let skip = Math.max(0, options.priorCredits);
  let left = options.amount;
  const settled: { month: MonthKey; amount: number }[] = [];
  for (const debit of debits) {
    if (left <= 0) break;
    const alreadySettled = Math.min(skip, debit.amount);
    skip -= alreadySettled;
    const open = debit.amount - alreadySettled;
    if (open <= 0) continue;
    const take = Math.min(open, left);
    settled.push({ month: debit.month, amount: take });
    left -= take;
  }
  return { settled, leftover: left };
}
