import type { MonthKey } from '../../dates';
import { type MonthlyDebit, settleOldestFirst } from '../arrears/age-arrears';

/**
 * Which months one payment settled, by the same FIFO rule as the ageing (rule 2): earlier
 * credits settle the oldest debits, this payment continues where they stopped, and whatever is
 * left over is credit carried forward. It is the difference between the FIFO walk with and
 * without the payment.
 */
export function allocatePayment(options: {
  debits: readonly MonthlyDebit[];
  priorCredits: number;
  amount: number;
}): { settled: { month: MonthKey; amount: number }[]; leftover: number } {
  const before = settleOldestFirst(options.debits, options.priorCredits);
  const after = settleOldestFirst(
    options.debits,
    Math.max(0, options.priorCredits) + options.amount,
  );
  const settled = after
    .map((debit, i) => ({ month: debit.month, amount: debit.settled - (before[i]?.settled ?? 0) }))
    .filter((line) => line.amount > 0);
  const total = settled.reduce((sum, line) => sum + line.amount, 0);
  return { settled, leftover: options.amount - total };
}
