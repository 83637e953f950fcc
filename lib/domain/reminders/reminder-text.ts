import { formatUah } from '../../i18n/format';
import { INTL_LOCALE, type Locale } from '../../i18n/locales';
import { assertKopecks, type Kopecks } from '../../money';
import { countSmsSegments } from '../../sms-segments';

/**
 * SMS texts for collection reminders and payment confirmations, in the account's language.
 *
 * Every text is written to fit ONE segment: Cyrillic makes a message UCS-2 (70 units), so the
 * Ukrainian and Russian texts are terse. A reminder with a pay link of ≤ 30 characters fits in
 * one segment for any amount under 100 000 грн and up to 99 months (the full form); beyond
 * that the month word is abbreviated ("міс.") to stay in one segment for amounts up to
 * 9 999 999,99 грн. English is GSM-7 (160 units) and always has room.
 */

/**
 * Money for an SMS: "6 560,82 грн" (uk, ru; grouped from 1 000), "UAH 6,560.82" (en). Plain
 * spaces instead of Intl's no-break spaces: those are outside GSM-7 (one would make an English
 * text UCS-2) and show as boxes on some handsets; "грн" instead of "₴" because old handsets'
 * fonts lack U+20B4 and it is how residents write it.
 */
function formatSmsAmount(kopecks: Kopecks, locale: Locale): string {
  if (locale === 'en') return plainSpaces(formatUah(kopecks, 'en'));
  const number = new Intl.NumberFormat(INTL_LOCALE[locale], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: 'always',
  }).format(kopecks / 100);
  return `${plainSpaces(number)} грн`;
}

function plainSpaces(text: string): string {
  return text.replace(/\s/gu, ' ');
}

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const MONTH_WORDS: Record<Locale, PluralForms> = {
  uk: { one: 'місяць', few: 'місяці', many: 'місяців', other: 'місяця' },
  ru: { one: 'месяц', few: 'месяца', many: 'месяцев', other: 'месяца' },
  en: { one: 'month', other: 'months' },
};

/** "5 місяців", "21 месяц", "1 month": the plural form Intl.PluralRules picks for `count`. */
function formatMonths(count: number, locale: Locale): string {
  const forms = MONTH_WORDS[locale];
  const rule = new Intl.PluralRules(INTL_LOCALE[locale]).select(count);
  return `${count} ${forms[rule] ?? forms.other}`;
}

/** How long overdue, ending the sentence: the full plural form, or abbreviated for room. */
const OVERDUE: Record<
  Locale,
  { full: (months: string) => string; short: (count: number) => string }
> = {
  uk: { full: (months) => `${months}.`, short: (count) => `${count} міс.` },
  ru: { full: (months) => `${months}.`, short: (count) => `${count} мес.` },
  en: { full: (months) => `${months} overdue.`, short: (count) => `${count} mo. overdue.` },
};

/** Overdue, but not yet a full month (the bill's due date passed this month). */
const OVERDUE_UNDER_A_MONTH: Record<Locale, string> = {
  uk: 'прострочено.',
  ru: 'просрочен.',
  en: 'overdue.',
};

const REMINDER: Record<Locale, (amount: string, overdue: string, payUrl: string) => string> = {
  uk: (amount, overdue, payUrl) => `Борг ${amount}, ${overdue} Оплата: ${payUrl}`,
  ru: (amount, overdue, payUrl) => `Долг ${amount}, ${overdue} Оплата: ${payUrl}`,
  en: (amount, overdue, payUrl) => `Debt ${amount}, ${overdue} Pay: ${payUrl}`,
};

/**
 * The reminder SMS: amount due, months overdue, pay link, e.g.
 * "Борг 6 560,82 грн, 5 місяців. Оплата: https://kvp.ua/p/AbC123xyz0"; a debt overdue for
 * less than a full month says "прострочено" instead of a number of months. The month word is
 * abbreviated only when the full form would take a second segment; a link too long for one
 * segment even then is the caller's choice and yields a multipart text.
 */
export function composeReminderText(options: {
  locale: Locale;
  amountDueKopecks: Kopecks;
  overdueMonths: number;
  payUrl: string;
}): string {
  const { locale, amountDueKopecks, overdueMonths, payUrl } = options;
  assertKopecks(amountDueKopecks);
  if (amountDueKopecks <= 0) throw new RangeError(`no amount due: ${amountDueKopecks}`);
  if (!Number.isInteger(overdueMonths) || overdueMonths < 0) {
    throw new RangeError(`overdueMonths must be a whole number ≥ 0: ${overdueMonths}`);
  }
  if (!/^\S+$/u.test(payUrl)) throw new RangeError('payUrl must be one word with no spaces');

  const amount = formatSmsAmount(amountDueKopecks, locale);
  if (overdueMonths === 0) return REMINDER[locale](amount, OVERDUE_UNDER_A_MONTH[locale], payUrl);
  const overdue = OVERDUE[locale];
  const full = REMINDER[locale](amount, overdue.full(formatMonths(overdueMonths, locale)), payUrl);
  if (countSmsSegments(full).segments === 1) return full;
  return REMINDER[locale](amount, overdue.short(overdueMonths), payUrl);
}

const CONFIRMATION: Record<Locale, (amount: string) => string> = {
  uk: (amount) => `Оплату ${amount} отримано, дякуємо.`,
  ru: (amount) => `Оплата ${amount} получена, спасибо.`,
  en: (amount) => `Payment of ${amount} received, thank you.`,
};

const STILL_OVERDUE: Record<Locale, string> = {
  uk: 'Ще є прострочений борг.',
  ru: 'Ещё есть просроченный долг.',
  en: 'Some debt is still overdue.',
};

/**
 * The SMS confirming a payment, e.g. "Оплату 500,00 грн отримано, дякуємо.". When some debt is
 * still overdue after it, it says so, so the resident is not surprised by the next reminder. One segment in every
 * language for amounts up to 9 999 999,99 грн.
 */
export function composePaymentConfirmationText(options: {
  locale: Locale;
  amountKopecks: Kopecks;
  stillOverdue: boolean;
}): string {
  const { locale, amountKopecks, stillOverdue } = options;
  assertKopecks(amountKopecks);
  if (amountKopecks <= 0) throw new RangeError(`not a payment amount: ${amountKopecks}`);
  const thanks = CONFIRMATION[locale](formatSmsAmount(amountKopecks, locale));
  return stillOverdue ? `${thanks} ${STILL_OVERDUE[locale]}` : thanks;
}

const OPT_OUT: Record<Locale, { done: string; calls: string }> = {
  uk: { done: 'SMS-нагадування вимкнено.', calls: 'Можливі дзвінки щодо боргу.' },
  ru: { done: 'SMS-напоминания отключены.', calls: 'Возможны звонки о долге.' },
  en: { done: 'SMS reminders are off.', calls: 'You may be called about the debt.' },
};

/**
 * The one confirmation after a STOP reply (DESIGN rule 4): reminders are off, and — when the
 * account is back on the call list because of it — that calls about the debt may come. One
 * segment in every language.
 */
export function composeOptOutConfirmationText(options: {
  locale: Locale;
  backOnCallList: boolean;
}): string {
  const text = OPT_OUT[options.locale];
  return options.backOnCallList ? `${text.done} ${text.calls}` : text.done;
}

const START_REPLY: Record<Locale, string> = {
  uk: 'Щоб знову отримувати SMS, оберіть їх на порталі:',
  ru: 'Чтобы снова получать SMS, выберите их на портале:',
  en: 'To get SMS reminders again, choose them on the portal:',
};

/** The answer to a START reply: reminders come back only through a fresh code on the portal. */
export function composeStartReplyText(options: { locale: Locale; portalUrl: string }): string {
  return `${START_REPLY[options.locale]} ${options.portalUrl}`;
}

/** "01.02": the day and month of a due date ('YYYY-MM-DD'), as a short SMS writes it. */
function smsDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`;
}

const PLAN_BROKEN: Record<Locale, (amount: string, day: string) => string> = {
  uk: (amount, day) => `Розстрочку розірвано: ${amount} до ${day} не сплачено.`,
  ru: (amount, day) => `Рассрочка расторгнута: ${amount} до ${day} не оплачено.`,
  en: (amount, day) => `Payment plan ended: ${amount} due ${day} was not paid.`,
};

/**
 * The SMS after a payment plan broke (issue 11): which instalment was missed. The ordinary
 * rules apply again; the overview says what that means. One segment in every language for
 * amounts up to 99 999,99 грн.
 */
export function composePlanBrokenText(options: {
  locale: Locale;
  leftKopecks: Kopecks;
  dueDate: string;
}): string {
  assertKopecks(options.leftKopecks);
  return PLAN_BROKEN[options.locale](
    formatSmsAmount(options.leftKopecks, options.locale),
    smsDay(options.dueDate),
  );
}

const INSTALMENT: Record<Locale, (amount: string, day: string, url: string) => string> = {
  uk: (amount, day, url) => `Внесок ${amount} до ${day}: ${url}`,
  ru: (amount, day, url) => `Взнос ${amount} до ${day}: ${url}`,
  en: (amount, day, url) => `Payment plan: ${amount} due ${day}. Pay: ${url}`,
};

/**
 * An instalment reminder for a resident on a payment plan who chose SMS (issue 11), sent by the
 * reminder runs in their hours and weekly limit: what is left of the next instalment, its due
 * date and the pay link. One segment for amounts up to 99 999,99 грн and links ≤ 30 characters.
 */
export function composeInstalmentReminderText(options: {
  locale: Locale;
  leftKopecks: Kopecks;
  dueDate: string;
  payUrl: string;
}): string {
  assertKopecks(options.leftKopecks);
  return INSTALMENT[options.locale](
    formatSmsAmount(options.leftKopecks, options.locale),
    smsDay(options.dueDate),
    options.payUrl,
  );
}
