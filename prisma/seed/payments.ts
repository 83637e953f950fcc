/**
 * Payment habits: who pays what and when. Pure: given the monthly bills of an account and a
 * generator, returns its payments. Bill k (billing month 2024-11 + k) is issued at the start of
 * "payment month" k (the following calendar month) and due at its end; payments in payment
 * month 23 (2026-11) stop before today, the 27th.
 */
import { CLOSED_PERIODS } from './reference';
import type { Rng } from './rng';

export type Habit = 'REGULAR' | 'OVERPAYER' | 'LATE' | 'PARTIAL' | 'STOPPED' | 'RECOVERED';

/**
 * Tuned so that about 15 % of accounts end in arrears and most of those over 3 months
 * (stopped and partial payers), in line with the article's 60,000 debtors of 600,000.
 */
export const HABIT_WEIGHTS: readonly (readonly [Habit, number])[] = [
  ['REGULAR', 0.7],
  ['OVERPAYER', 0.06],
  ['LATE', 0.08],
  ['PARTIAL', 0.04],
  ['STOPPED', 0.06],
  ['RECOVERED', 0.06],
];

export type PaymentProviderCode = 'BANK_IMPORT' | 'DEMO';

export type SimulatedPayment = {
  /** 0 = December 2024 (when the 2024-11 bill is paid) … 23 = November 2026. */
  paymentMonth: number;
  /** Day of the month (1 … 28; at most 26 in the current month). */
  day: number;
  /** Minutes after local midnight, Europe/Kyiv (08:00 … 21:59). */
  minuteOfDay: number;
  amountKopecks: number;
  provider: PaymentProviderCode;
};

/** Today is the 27th of the last payment month: nothing is paid on or after it. */
const LAST_DAY_IN_CURRENT_MONTH = 26;
const LAST_PAYMENT_MONTH = CLOSED_PERIODS - 1;

function roundUpTo(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

/**
 * Simulates an account's payments. `bills[k]` is the total accrual of billing month k.
 * Invariant: every amount is a positive integer number of kopecks.
 */
export function simulatePayments(
  bills: readonly number[],
  habit: Habit,
  rng: Rng,
): SimulatedPayment[] {
  const payments: SimulatedPayment[] = [];
  const prefersOnline = rng.chance(0.3);
  let owed = 0;

  const pay = (month: number, amount: number, preferredDay?: number): void => {
    if (amount <= 0) return;
    const lastDay = month === LAST_PAYMENT_MONTH ? LAST_DAY_IN_CURRENT_MONTH : 28;
    const day = Math.min(preferredDay ?? rng.int(1, 28), lastDay);
    payments.push({
      paymentMonth: month,
      day,
      minuteOfDay: rng.int(8 * 60, 22 * 60 - 1),
      amountKopecks: amount,
      provider: rng.chance(prefersOnline ? 0.85 : 0.1) ? 'DEMO' : 'BANK_IMPORT',
    });
    owed -= amount;
  };

  // Regular payers have a usual day of the month (pension day, payday).
  const usualDay = rng.int(1, 28);
  const regularDay = (): number => Math.max(1, Math.min(28, usualDay + rng.int(-3, 3)));

  const partialShare = 0.5 + rng.next() * 0.4;
  const lateEvery = rng.int(2, 4);
  const lateOffset = rng.int(0, lateEvery - 1);
  // Most who stopped did so when the doubled tariff arrived (the 2025-09 bill, paid in
  // payment month 10); the rest at any time.
  const stopAt = rng.chance(0.7) ? rng.int(9, 14) : rng.int(2, 21);
  const recoverStop = rng.int(10, 13);
  const recoverAt = recoverStop + rng.int(3, 10);

  for (let month = 0; month < bills.length; month++) {
    owed += bills[month] ?? 0;
    const isLast = month === LAST_PAYMENT_MONTH;
    // Some regular payers pay at the very end of the month: this month's bill is still open.
    const notYetThisMonth = isLast && rng.chance(0.1);
    switch (habit) {
      case 'REGULAR':
        if (!rng.chance(0.04) && !notYetThisMonth) pay(month, owed, regularDay());
        break;
      case 'OVERPAYER': {
        const bill = bills[month] ?? 0;
        if (owed > -2 * bill)
          pay(month, roundUpTo(owed + rng.int(0, 300) * 100, 10_000), regularDay());
        break;
      }
      case 'LATE':
        if ((month + lateOffset) % lateEvery === 0) pay(month, owed);
        break;
      case 'PARTIAL':
        if (!rng.chance(0.08))
          pay(month, roundUpTo(Math.floor((bills[month] ?? 0) * partialShare), 100));
        break;
      case 'STOPPED':
        if (month < stopAt && !rng.chance(0.05)) pay(month, owed, regularDay());
        break;
      case 'RECOVERED':
        if (month < recoverStop || month >= recoverAt) {
          if (!notYetThisMonth) pay(month, owed, regularDay());
        }
        break;
    }
  }
  return payments;
}
