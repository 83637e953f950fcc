/**
 * What one online payment may be. The minimum is about Stripe's smallest chargeable amount
 * (≈ 0.50 USD); the maximum is a sanity cap well above the largest debts in the article
 * (≈ 15,000 UAH) that still stops a typo of three extra zeros.
 */
export const MIN_PAYMENT_KOPECKS = 2_000; // 20.00 UAH
export const MAX_PAYMENT_KOPECKS = 10_000_000; // 100,000.00 UAH

export type PaymentAmountProblem = 'NOT_A_NUMBER' | 'TOO_SMALL' | 'TOO_LARGE';

/**
 * Parses an amount typed in hryvnias ("1 234,56", "1234.5", "300") into kopecks, exactly
 * (string arithmetic, no floating point).
 */
export function parseHryvniaAmount(
  input: string,
): { ok: true; kopecks: number } | { ok: false; problem: PaymentAmountProblem } {
  const kopecks = parseHryvnias(input);
  if (kopecks === null) return { ok: false, problem: 'NOT_A_NUMBER' };
  return checkPaymentAmount(kopecks);
}

/** A non-negative amount typed in hryvnias, in kopecks (exact), or null when it is not one. */
export function parseHryvnias(input: string): number | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function checkPaymentAmount(
  kopecks: number,
): { ok: true; kopecks: number } | { ok: false; problem: PaymentAmountProblem } {
  if (!Number.isSafeInteger(kopecks)) return { ok: false, problem: 'NOT_A_NUMBER' };
  if (kopecks < MIN_PAYMENT_KOPECKS) return { ok: false, problem: 'TOO_SMALL' };
  if (kopecks > MAX_PAYMENT_KOPECKS) return { ok: false, problem: 'TOO_LARGE' };
  return { ok: true, kopecks };
}

/**
 * Kopecks as a resident types hryvnias in Ukraine: thousands apart with a plain space (easy to
 * edit on a phone), a decimal comma, always two decimals: 656082 → "6 560,82". parseHryvnias
 * reads it back exactly.
 */
export function formatHryvniaInput(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) {
    throw new RangeError(`not an amount in kopecks: ${kopecks}`);
  }
  const hryvnias = String(Math.floor(kopecks / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${hryvnias},${String(kopecks % 100).padStart(2, '0')}`;
}
