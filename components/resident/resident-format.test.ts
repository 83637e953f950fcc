import { describe, expect, it } from 'vitest';
import { messagesFor } from '@/lib/i18n/messages';
import {
  describeTariffStep,
  formatAccrualFormula,
  formatArea,
  formatBalance,
  formatChange,
} from './resident-format';

// Intl uses no-break spaces in numbers; compare with plain ones.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('accrual formula', () => {
  it('shows area × rate = amount in each language', () => {
    const line = { areaCentiSqm: 6240, rateKopecksPerSqm: 712, amount: 44_429 };
    expect(plain(formatAccrualFormula(line, 'uk', messagesFor('uk')))).toBe(
      '62,40 м² × 7,12 ₴ = 444,29 ₴',
    );
    expect(plain(formatAccrualFormula(line, 'en', messagesFor('en')))).toBe(
      '62.40 m² × UAH 7.12 = UAH 444.29',
    );
    expect(plain(formatArea(1_234_567, 'ru'))).toBe('12 345,67');
  });
});

describe('balance in words', () => {
  it('says owed, in credit or settled', () => {
    const m = messagesFor('en');
    expect(plain(formatBalance(150_000, 'en', m))).toBe('owed UAH 1,500.00');
    expect(plain(formatBalance(-2_500, 'en', m))).toBe('in credit UAH 25.00');
    expect(formatBalance(0, 'en', m)).toBe('0 — settled');
  });
});

describe('tariff change in plain words', () => {
  const rise = {
    effectiveFrom: '2025-09',
    totalPerSqm: 712,
    previousTotalPerSqm: 340,
    // 62,40 m²: 62.40 × 7.12 = 444.29; 62.40 × 3.40 = 212.16
    monthlyForArea: 44_429,
    previousMonthlyForArea: 21_216,
  };

  it('explains a rise with the percentage and the bill before and after', () => {
    expect(plain(describeTariffStep(rise, 'en', messagesFor('en')))).toBe(
      'From 1 September 2025 the rate for your building rose from UAH 3.40 to UAH 7.12 per m² a month: +109%; your monthly bill went from UAH 212.16 to UAH 444.29.',
    );
    expect(plain(describeTariffStep(rise, 'uk', messagesFor('uk')))).toContain(
      'зросла з 3,40 ₴ до 7,12 ₴ за м² на місяць: +109%',
    );
  });

  it('explains the first rate, a fall and an unchanged total', () => {
    const m = messagesFor('en');
    expect(
      plain(
        describeTariffStep(
          { ...rise, previousTotalPerSqm: null, previousMonthlyForArea: null },
          'en',
          m,
        ),
      ),
    ).toBe(
      'From 1 September 2025 the rate for your building is UAH 7.12 per m² a month; your monthly bill is UAH 444.29.',
    );
    expect(describeTariffStep({ ...rise, previousTotalPerSqm: 800 }, 'en', m)).toContain(
      'fell from',
    );
    expect(describeTariffStep({ ...rise, previousTotalPerSqm: 712 }, 'en', m)).toContain(
      'stayed at',
    );
    expect(plain(formatChange(800, 712, 'ru'))).toBe('-11 %');
  });
});
