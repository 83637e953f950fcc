import { describe, expect, it } from 'vitest';
import type { Locale } from '../../i18n/locales';
import { countSmsSegments } from '../../sms-segments';
import { composeBillCodeText } from './bill-code-text';

describe('composeBillCodeText', () => {
  it.each<[Locale, string]>([
    ['uk', 'Новий код доступу до рахунку 1234567890: 01234567. Старий код не діє.'],
    ['ru', 'Новый код доступа к счёту 1234567890: 01234567. Старый не действует.'],
    [
      'en',
      'Your new bill access code for account 1234567890 is 01234567. The old code no longer works.',
    ],
  ])('%s: the account, the code (leading zero kept), the old code is void', (locale, text) => {
    expect(composeBillCodeText({ locale, accountNumber: '1234567890', code: '01234567' })).toBe(
      text,
    );
  });

  it.each<Locale>(['uk', 'ru', 'en'])(
    '%s: one segment with an 11-digit account number',
    (locale) => {
      const text = composeBillCodeText({ locale, accountNumber: '12345678901', code: '99999999' });
      expect(countSmsSegments(text).segments).toBe(1);
    },
  );

  it('refuses anything but 8 digits', () => {
    expect(() => composeBillCodeText({ locale: 'uk', accountNumber: '1', code: '1234' })).toThrow(
      RangeError,
    );
  });
});
