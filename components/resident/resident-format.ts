/**
 * Wording and number formatting shared by the resident pages. Pure functions of their
 * arguments (the messages of the reader's language are passed in), so they are unit-tested.
 */
import { formatUah } from '@/lib/i18n/format';
import { INTL_LOCALE, type Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

/** Area in m² with two decimals, in the reader's notation ("62,40" / "62.40"). */
export function formatArea(areaCentiSqm: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(areaCentiSqm / 100);
}

/** "62,40 м² × 7,12 ₴ = 444,29 ₴": how one accrual line was calculated. */
export function formatAccrualFormula(
  line: { areaCentiSqm: number; rateKopecksPerSqm: number; amount: number },
  locale: Locale,
  m: Messages,
): string {
  return `${formatAreaTimesRate(line, locale, m)} = ${formatUah(line.amount, locale)}`;
}

/** The left side of the formula, "35,75 м² × 3,00 ₴" (the bill shows the amount in its own column). */
export function formatAreaTimesRate(
  line: { areaCentiSqm: number; rateKopecksPerSqm: number },
  locale: Locale,
  m: Messages,
): string {
  return `${formatArea(line.areaCentiSqm, locale)} ${m.statement.sqm} × ${formatUah(
    line.rateKopecksPerSqm,
    locale,
  )}`;
}

/** A running balance in words: positive = owed, negative = in credit. */
export function formatBalance(balance: number, locale: Locale, m: Messages): string {
  if (balance > 0) return interpolate(m.statement.debt, { amount: formatUah(balance, locale) });
  if (balance < 0) return interpolate(m.statement.credit, { amount: formatUah(-balance, locale) });
  return m.statement.zero;
}

/** "листопад 2026 р." → "Листопад 2026 р." (a heading), leaving the rest as Intl wrote it. */
export function capitalizeFirst(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(INTL_LOCALE[locale]) + text.slice(1);
}

/** The first day of a billing month in words: "1 вересня 2025 р." / "1 September 2025". */
export function formatMonthStart(month: string, locale: Locale): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1)));
}

/** Relative change as "+109 %" / "−12 %" in the reader's notation. */
export function formatChange(from: number, to: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumFractionDigits: 0,
  }).format(from === 0 ? 0 : (to - from) / from);
}

export type TariffStepFacts = {
  effectiveFrom: string;
  totalPerSqm: number;
  previousTotalPerSqm: number | null;
  monthlyForArea: number;
  previousMonthlyForArea: number | null;
};

/**
 * One tariff change in plain words, e.g. "From 1 September 2025 the rate for your building rose
 * from UAH 3.40 to UAH 7.12 per m² a month: +109%; your monthly bill went from … to …".
 */
export function describeTariffStep(step: TariffStepFacts, locale: Locale, m: Messages): string {
  const date = formatMonthStart(step.effectiveFrom, locale);
  const to = formatUah(step.totalPerSqm, locale);
  const previous = step.previousTotalPerSqm;
  if (previous === null) {
    return interpolate(m.tariffs.first, {
      date,
      rate: to,
      bill: formatUah(step.monthlyForArea, locale),
    });
  }
  if (previous === step.totalPerSqm) return interpolate(m.tariffs.same, { date, to });
  return interpolate(step.totalPerSqm > previous ? m.tariffs.rose : m.tariffs.fell, {
    date,
    from: formatUah(previous, locale),
    to,
    pct: formatChange(previous, step.totalPerSqm, locale),
    billFrom: formatUah(step.previousMonthlyForArea ?? 0, locale),
    billTo: formatUah(step.monthlyForArea, locale),
  });
}
