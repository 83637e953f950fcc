/**
 * Money is integer kopecks everywhere; these helpers keep arithmetic exact. Formatting for
 * people is lib/i18n/format.ts `formatUah`, the one money formatter.
 */
export type Kopecks = number;

export function assertKopecks(value: number): Kopecks {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`not an integer number of kopecks: ${value}`);
  return value;
}

/**
 * Accrual = area × rate, rounded half-up to the kopeck. Area is in hundredths of m², the rate
 * in kopecks per m², so the exact product is areaCentiSqm × rate / 100; integer arithmetic
 * only (no floating point), half-up for non-negative values.
 */
export function accrualKopecks(areaCentiSqm: number, rateKopecksPerSqm: number): Kopecks {
  assertKopecks(areaCentiSqm);
  assertKopecks(rateKopecksPerSqm);
  if (areaCentiSqm < 0 || rateKopecksPerSqm < 0)
    throw new RangeError('area and rate must be non-negative');
  return Math.floor((areaCentiSqm * rateKopecksPerSqm + 50) / 100);
}

/**
 * One month's bill for an area at several services' rates, as the period close writes it: each
 * service's line rounded on its own (accrualKopecks), then added up. Rounding the summed rate
 * once can differ by a kopeck (45.37 m² at 1.50 + 2.50 UAH/m²: 68.06 + 113.43 = 181.49 on the
 * bill, 45.37 × 4.00 = 181.48): every sentence that quotes a monthly bill uses this.
 */
export function monthlyAccrualKopecks(
  areaCentiSqm: number,
  ratesKopecksPerSqm: readonly number[],
): Kopecks {
  return ratesKopecksPerSqm.reduce((sum, rate) => sum + accrualKopecks(areaCentiSqm, rate), 0);
}
