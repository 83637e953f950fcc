import { AppError } from '@/lib/domain/app-error';
import { parseHryvnias } from '@/lib/domain/payments/payment-limits';
import type { TariffInput } from '@/lib/domain/tariffs/tariff-schedule';

/** Reading console form fields: bounded text, ids, months and signed amounts. */
export function text(form: FormData, name: string, max = 4000): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, max + 1) : '';
}

export function id(form: FormData, name: string): number {
  const value = Number(text(form, name, 12));
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new AppError('INVALID_INPUT', `${name} is not a valid id`);
  }
  return value;
}

export function month(form: FormData, name: string): string | null {
  const value = text(form, name, 7).trim();
  if (value === '') return null;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    throw new AppError('INVALID_INPUT', 'the month is not YYYY-MM');
  return value;
}

/**
 * A correction typed in hryvnias with its direction ("credit" lowers what the resident owes,
 * "debit" raises it): negative kopecks for a credit.
 */
export function signedAmount(form: FormData, amountField: string, directionField: string): number {
  const kopecks = parseHryvnias(text(form, amountField, 32));
  if (kopecks === null || kopecks === 0) {
    throw new AppError('INVALID_INPUT', 'the amount is not a positive number of hryvnias');
  }
  const direction = text(form, directionField, 10);
  if (direction !== 'credit' && direction !== 'debit') {
    throw new AppError('INVALID_INPUT', 'choose whether the correction credits or charges');
  }
  return direction === 'credit' ? -kopecks : kopecks;
}

/**
 * A rate to preview or schedule: category and service ids, the month it starts (YYYY-MM) and
 * the rate typed in hryvnias per m² ("7,35" → 735 kopecks). Throws INVALID_INPUT.
 */
export function tariffForm(form: FormData): TariffInput {
  const rate = parseHryvnias(text(form, 'rate', 32));
  if (rate === null) {
    throw new AppError('INVALID_INPUT', 'the rate is not an amount in hryvnias per m²', {
      field: 'rate',
      problem: 'NOT_A_RATE',
    });
  }
  const starts = month(form, 'month');
  if (!starts) throw new AppError('INVALID_INPUT', 'choose the month the rate starts');
  return {
    categoryId: id(form, 'categoryId'),
    serviceId: id(form, 'serviceId'),
    rateKopecksPerSqm: rate,
    month: starts,
  };
}
