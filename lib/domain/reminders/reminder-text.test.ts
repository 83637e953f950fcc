import { describe, expect, it } from 'vitest';
import type { Locale } from '../../i18n/locales';
import { countSmsSegments } from '../../sms-segments';
import {
  composeInstalmentReminderText,
  composeOptOutConfirmationText,
  composePaymentConfirmationText,
  composePlanBrokenText,
  composeReminderText,
} from './reminder-text';

const URL_27 = 'https://kvp.ua/p/AbC123xyz0';
const URL_30 = 'https://kvp.ua/p/AbCdEf123456g';
const LOCALES: Locale[] = ['uk', 'ru', 'en'];

describe('composeReminderText', () => {
  const cases: Array<[Locale, kopecks: number, months: number, url: string, text: string]> = [
    ['uk', 656_082, 5, URL_27, 'Борг 6 560,82 грн, 5 місяців. Оплата: https://kvp.ua/p/AbC123xyz0'],
    ['ru', 656_082, 5, URL_27, 'Долг 6 560,82 грн, 5 месяцев. Оплата: https://kvp.ua/p/AbC123xyz0'],
    [
      'en',
      656_082,
      5,
      URL_27,
      'Debt UAH 6,560.82, 5 months overdue. Pay: https://kvp.ua/p/AbC123xyz0',
    ],
    // Plural forms: uk/ru one (1, 21), few (2–4, 22), many (5–20, 11–14).
    ['uk', 5_000, 1, URL_30, `Борг 50,00 грн, 1 місяць. Оплата: ${URL_30}`],
    ['uk', 5_000, 3, URL_30, `Борг 50,00 грн, 3 місяці. Оплата: ${URL_30}`],
    ['uk', 5_000, 11, URL_30, `Борг 50,00 грн, 11 місяців. Оплата: ${URL_30}`],
    ['uk', 5_000, 21, URL_30, `Борг 50,00 грн, 21 місяць. Оплата: ${URL_30}`],
    ['uk', 5_000, 22, URL_30, `Борг 50,00 грн, 22 місяці. Оплата: ${URL_30}`],
    ['ru', 5_000, 1, URL_30, `Долг 50,00 грн, 1 месяц. Оплата: ${URL_30}`],
    ['ru', 5_000, 4, URL_30, `Долг 50,00 грн, 4 месяца. Оплата: ${URL_30}`],
    ['ru', 5_000, 12, URL_30, `Долг 50,00 грн, 12 месяцев. Оплата: ${URL_30}`],
    ['ru', 5_000, 21, URL_30, `Долг 50,00 грн, 21 месяц. Оплата: ${URL_30}`],
    ['en', 5_000, 1, URL_30, `Debt UAH 50.00, 1 month overdue. Pay: ${URL_30}`],
    ['en', 5_000, 2, URL_30, `Debt UAH 50.00, 2 months overdue. Pay: ${URL_30}`],
    // Russian groups thousands too ("1 234", not Intl's default "1234").
    ['ru', 123_456, 3, URL_30, `Долг 1 234,56 грн, 3 месяца. Оплата: ${URL_30}`],
    // Largest full form: 5 + 9 + 4 + 2 + 11 + 9 + 30 = 70 units, exactly one segment.
    ['uk', 9_999_999, 99, URL_30, `Борг 99 999,99 грн, 99 місяців. Оплата: ${URL_30}`],
    // 100 000 грн: the full form would be 71 units, so the month word is abbreviated (67).
    ['uk', 10_000_000, 12, URL_30, `Борг 100 000,00 грн, 12 міс. Оплата: ${URL_30}`],
    ['ru', 999_999_999, 99, URL_30, `Долг 9 999 999,99 грн, 99 мес. Оплата: ${URL_30}`],
    ['en', 999_999_999, 99, URL_30, `Debt UAH 9,999,999.99, 99 months overdue. Pay: ${URL_30}`],
  ];

  it.each(cases)('%s %i kopecks, %i months', (locale, kopecks, months, url, text) => {
    const composed = composeReminderText({
      locale,
      amountDueKopecks: kopecks,
      overdueMonths: months,
      payUrl: url,
    });
    expect(composed).toBe(text);
    expect(countSmsSegments(composed).segments).toBe(1);
  });

  it('has no no-break spaces, so English stays GSM-7', () => {
    const text = composeReminderText({
      locale: 'en',
      amountDueKopecks: 123_456,
      overdueMonths: 3,
      payUrl: URL_30,
    });
    expect(countSmsSegments(text).encoding).toBe('GSM-7');
  });

  it.each(LOCALES)(
    'fits one segment in %s for every amount < 10 000 000 грн, months ≤ 99',
    (locale) => {
      for (const kopecks of [
        1, 99, 100_000, 999_999, 1_000_000, 9_999_999, 10_000_000, 999_999_999,
      ]) {
        for (const months of [1, 2, 5, 11, 21, 99]) {
          const text = composeReminderText({
            locale,
            amountDueKopecks: kopecks,
            overdueMonths: months,
            payUrl: URL_30,
          });
          expect(countSmsSegments(text).segments, text).toBe(1);
        }
      }
    },
  );

  it('does not cut a link too long for one segment', () => {
    const longUrl = `https://kvp.ua/p/${'x'.repeat(40)}`;
    const text = composeReminderText({
      locale: 'uk',
      amountDueKopecks: 656_082,
      overdueMonths: 5,
      payUrl: longUrl,
    });
    expect(text).toBe(`Борг 6 560,82 грн, 5 міс. Оплата: ${longUrl}`);
    expect(countSmsSegments(text).segments).toBe(2);
  });

  it.each([
    ['uk', `Борг 1 234,56 грн, прострочено. Оплата: ${URL_30}`],
    ['ru', `Долг 1 234,56 грн, просрочен. Оплата: ${URL_30}`],
    ['en', `Debt UAH 1,234.56, overdue. Pay: ${URL_30}`],
  ] as const)(
    'overdue less than a full month (%s): no month count, one segment',
    (locale, text) => {
      const body = composeReminderText({
        locale,
        amountDueKopecks: 123_456,
        overdueMonths: 0,
        payUrl: URL_30,
      });
      expect(body).toBe(text);
      expect(countSmsSegments(body).segments).toBe(1);
    },
  );

  it.each([
    [{ amountDueKopecks: 0, overdueMonths: 3, payUrl: URL_30 }],
    [{ amountDueKopecks: 12.5, overdueMonths: 3, payUrl: URL_30 }],
    [{ amountDueKopecks: 100, overdueMonths: -1, payUrl: URL_30 }],
    [{ amountDueKopecks: 100, overdueMonths: 1.5, payUrl: URL_30 }],
    [{ amountDueKopecks: 100, overdueMonths: 3, payUrl: '' }],
    [{ amountDueKopecks: 100, overdueMonths: 3, payUrl: 'https://kvp.ua/p/a b' }],
  ])('refuses %j', (options) => {
    expect(() => composeReminderText({ locale: 'uk', ...options })).toThrow(RangeError);
  });
});

describe('composePaymentConfirmationText', () => {
  const cases: Array<[Locale, kopecks: number, stillOverdue: boolean, text: string]> = [
    ['uk', 50_000, false, 'Оплату 500,00 грн отримано, дякуємо.'],
    ['uk', 50_000, true, 'Оплату 500,00 грн отримано, дякуємо. Ще є прострочений борг.'],
    ['ru', 50_000, false, 'Оплата 500,00 грн получена, спасибо.'],
    ['ru', 50_000, true, 'Оплата 500,00 грн получена, спасибо. Ещё есть просроченный долг.'],
    ['en', 50_000, false, 'Payment of UAH 500.00 received, thank you.'],
    ['en', 50_000, true, 'Payment of UAH 500.00 received, thank you. Some debt is still overdue.'],
    ['uk', 656_082, false, 'Оплату 6 560,82 грн отримано, дякуємо.'],
    // The longest Russian text: 70 units, still one segment.
    [
      'ru',
      999_999_999,
      true,
      'Оплата 9 999 999,99 грн получена, спасибо. Ещё есть просроченный долг.',
    ],
  ];

  it.each(cases)('%s %i kopecks, still on call list: %s', (locale, kopecks, still, text) => {
    const composed = composePaymentConfirmationText({
      locale,
      amountKopecks: kopecks,
      stillOverdue: still,
    });
    expect(composed).toBe(text);
    expect(countSmsSegments(composed).segments).toBe(1);
  });

  it('refuses a non-positive amount', () => {
    expect(() =>
      composePaymentConfirmationText({ locale: 'uk', amountKopecks: 0, stillOverdue: false }),
    ).toThrow(RangeError);
  });
});

describe('composeOptOutConfirmationText', () => {
  it.each([
    ['uk', false, 'SMS-нагадування вимкнено.'],
    ['uk', true, 'SMS-нагадування вимкнено. Можливі дзвінки щодо боргу.'],
    ['ru', true, 'SMS-напоминания отключены. Возможны звонки о долге.'],
    ['en', true, 'SMS reminders are off. You may be called about the debt.'],
  ] as const)('%s (back on the call list: %s) → %s, one segment', (locale, back, text) => {
    const body = composeOptOutConfirmationText({ locale, backOnCallList: back });
    expect(body).toBe(text);
    expect(countSmsSegments(body).segments).toBe(1);
  });
});

describe('payment-plan texts (issue 11)', () => {
  const link = URL_30;
  it.each(['uk', 'ru', 'en'] as const)(
    'fit one segment in %s for amounts up to 99 999,99 грн',
    (locale) => {
      for (const kopecks of [1, 50_000, 9_999_999]) {
        const broken = composePlanBrokenText({
          locale,
          leftKopecks: kopecks,
          dueDate: '2027-01-01',
        });
        expect(countSmsSegments(broken).segments, broken).toBe(1);
        const reminder = composeInstalmentReminderText({
          locale,
          leftKopecks: kopecks,
          dueDate: '2027-01-01',
          payUrl: link,
        });
        expect(countSmsSegments(reminder).segments, reminder).toBe(1);
      }
    },
  );

  it('say the amount and the day', () => {
    expect(
      composePlanBrokenText({ locale: 'uk', leftKopecks: 50_000, dueDate: '2027-02-01' }),
    ).toBe('Розстрочку розірвано: 500,00 грн до 01.02 не сплачено.');
    expect(
      composeInstalmentReminderText({
        locale: 'en',
        leftKopecks: 109_347,
        dueDate: '2027-01-15',
        payUrl: link,
      }),
    ).toBe(`Payment plan: UAH 1,093.47 due 15.01. Pay: ${link}`);
  });
});
