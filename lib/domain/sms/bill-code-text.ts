import type { Locale } from '../../i18n/locales';

const BILL_CODE: Record<Locale, (accountNumber: string, code: string) => string> = {
  uk: (number, code) => `Новий код доступу до рахунку ${number}: ${code}. Старий код не діє.`,
  ru: (number, code) => `Новый код доступа к счёту ${number}: ${code}. Старый не действует.`,
  en: (number, code) =>
    `Your new bill access code for account ${number} is ${code}. The old code no longer works.`,
};

/**
 * The SMS carrying a bill access code that staff reissued (lib/domain/staff/reissue-bill-code.ts),
 * in the account's language, e.g. "Новий код доступу до рахунку 1234567890: 12345678. Старий
 * код не діє.". The account number is in it because one phone may get SMS for several
 * accounts. One segment in every language for account numbers of up to 11 digits (Cyrillic is
 * UCS-2: 70 units).
 */
export function composeBillCodeText(options: {
  locale: Locale;
  accountNumber: string;
  code: string;
}): string {
  if (!/^[0-9]{8}$/.test(options.code)) throw new RangeError('not an 8-digit bill access code');
  return BILL_CODE[options.locale](options.accountNumber, options.code);
}
