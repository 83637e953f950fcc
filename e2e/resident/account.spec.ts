import { expect, type Page, test } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { nbuQrAmount, parseNbuQrUrl } from '../../lib/domain/payments/nbu-qr';
import { formatHryvniaInput, parseHryvnias } from '../../lib/domain/payments/payment-limits';
import { formatUah } from '../../lib/i18n/format';
import {
  expectAccessibleAt360,
  plain,
  publicSummary,
  signIn,
  useOwnClientAddress,
} from './helpers';

/**
 * The signed-in resident's pages: overview, statement, printable bill, account switching.
 * Read-only (the payments project, which pays the CALL_LIST_DEBTOR fixture, runs after these).
 */
/** As lib/domain/statements/get-account-overview.ts masks phones (a server-only module). */
function maskPhone(e164: string): string {
  return `${e164.slice(0, 4)} •• ••• •• ${e164.slice(-2)}`;
}

test.beforeEach(async ({ page }, testInfo) => {
  await useOwnClientAddress(page, testInfo);
});

test('overview of a recent debtor: amounts, ageing, why there are no calls, contact, no disputes', async ({
  page,
  request,
}) => {
  const fixture = await signIn(page, 'RECENT_DEBTOR');
  const api = await publicSummary(request, fixture.number);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Мій рахунок');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('2222 2222 22');
  await expect(page.locator('main')).toContainText(fixture.holderName);
  await expect(page.locator('main')).toContainText(`кв. ${fixture.apartment}`);
  expect(plain((await page.getByTestId('amount-due').textContent()) ?? '')).toBe(
    plain(formatUah(api.amountDue, 'uk')),
  );
  expect(plain((await page.getByTestId('overdue').textContent()) ?? '')).toBe(
    plain(formatUah(api.overdue, 'uk')),
  );
  await expect(page.getByRole('table', { name: 'Прострочений борг за віком' })).toBeVisible();
  await expect(page.getByTestId('call-list-status')).toHaveText(
    /^Вам не телефонують: прострочений борг ще не старший/,
  );
  await expect(page.locator('main')).toContainText('Дзвінки');
  await expect(page.locator('main')).toContainText(maskPhone(fixture.phoneE164));
  await expect(page.locator('main')).not.toContainText(fixture.phoneE164);
  await expect(page.getByText('Відкритих звернень немає.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Виписка за 12 місяців' })).toHaveAttribute(
    'href',
    '/account/statement',
  );
  await expect(page.getByRole('link', { name: 'Сплатити зараз' }).first()).toHaveAttribute(
    'href',
    `/pay?account=${fixture.number}`,
  );
  await expect(page.getByRole('button', { name: 'Вийти' })).toBeVisible();
  await expectAccessibleAt360(page);
});

test('overview of the call-list debtor says why it is called and the ways off the list', async ({
  page,
  request,
}) => {
  const fixture = await signIn(page, 'CALL_LIST_DEBTOR');
  const api = await publicSummary(request, fixture.number);
  const status = page.getByTestId('call-list-status');
  if (api.overdue > 0) {
    await expect(status).toContainText('Ваш номер у списку автоматичних дзвінків');
    await expect(page.getByText(/сплатити прострочене .* номер прибирається/)).toBeVisible();
    await expect(page.getByText(/обрати SMS-нагадування замість дзвінків/)).toBeVisible();
    // The way off by SMS leads to the SMS section's form.
    await expect(page.getByRole('link', { name: 'Обрати SMS замість дзвінків' })).toHaveAttribute(
      'href',
      '/account/sms',
    );
    // The way off by paying: exactly the overdue part, in the Ukrainian format, on the pay page.
    await expectAccessibleAt360(page);
    await page.getByRole('link', { name: /^Сплатити \d/ }).click();
    await expect(page.getByLabel('Сума, грн')).toHaveValue(formatHryvniaInput(api.overdue));
    await expect(page.locator('main a[aria-current="true"]')).toContainText(
      api.overdue < api.amountDue ? 'Прострочене:' : 'Усе до сплати:',
    );
    await expect(page.getByRole('button', { name: 'Перейти до оплати' })).toHaveCount(1);
  } else {
    // The payments project has paid it off already.
    await expect(status).toHaveText('Вам не телефонують: прострочених боргів немає.');
    await expectAccessibleAt360(page);
  }
});

test('overview of the SMS and the disputing debtors explain why nobody calls', async ({ page }) => {
  await signIn(page, 'SMS_DEBTOR');
  await expect(page.getByTestId('call-list-status')).toHaveText(
    'Вам не телефонуватимуть: ви обрали SMS-нагадування замість дзвінків. Нагадування приходять SMS не частіше разу на тиждень, з 09:00 до 20:00 у робочі дні.',
  );
  await expect(page.getByTestId('sms-status')).toHaveText(
    /^Ви обрали SMS-нагадування на номер \+380 •• ••• •• \d\d: вам не телефонуватимуть\.$/,
  );
  await expect(page.getByRole('button', { name: 'Повернутися до дзвінків' })).toBeVisible();

  // Signing in to a second account links it into the same session.
  await signIn(page, 'DISPUTED_DEBTOR');
  await expect(page.getByTestId('call-list-status')).toHaveText(
    'Дзвінки й нагадування призупинено, поки розглядається ваше звернення.',
  );
  await expect(page.getByRole('region', { name: 'Відкриті звернення' })).toContainText(
    'Неправильна площа — відкрите',
  );
  await expectAccessibleAt360(page);

  // The switcher goes back to the first account.
  await page.getByRole('button', { name: /4444 4444 44/ }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('4444 4444 44');
});

test('overview of a paid-up account: nothing due, nothing overdue', async ({ page }) => {
  await signIn(page, 'PAID_UP');
  expect(plain((await page.getByTestId('amount-due').textContent()) ?? '')).toBe(
    plain(formatUah(0, 'uk')),
  );
  await expect(page.getByText('Прострочених боргів немає.', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Сплатити зараз' })).toHaveCount(0);
});

/**
 * The newest months of the statement are open, and early in a month (Kyiv time) they have no
 * bill yet: opens the newest month that has accrual lines (an area × rate formula).
 */
async function openNewestBilledMonth(page: Page): Promise<void> {
  const billed = page.locator('details').filter({ hasText: '×' }).first();
  if ((await billed.getAttribute('open')) === null) await billed.locator('summary').click();
}

test('the statement: area × rate = amount, payments with receipts, chart, tariff history', async ({
  page,
}) => {
  await signIn(page, 'PAID_UP', '/account/statement');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Виписка');
  // The newest months are open and may have no bill yet (early in a month, Kyiv time): open the
  // newest month that has accruals.
  const billed = page
    .locator('details')
    .filter({ hasText: /нараховано [1-9]/ })
    .first();
  if ((await billed.getAttribute('open')) === null) await billed.locator('summary').click();
  // 35,75 m² under the tariff in force, one line per service.
  const formula = page.getByText(/^35,75\sм²\s×\s\d+,\d\d\s₴\s=\s[\d\s]+,\d\d\s₴$/);
  await expect(formula.first()).toBeVisible();
  const lines = await formula.allTextContents();
  for (const line of lines.map(plain)) {
    const [area, rate, amount] = (line.match(/[\d\s]+,\d\d/g) ?? []).map((n) =>
      Math.round(Number(n.replace(/\s/g, '').replace(',', '.')) * 100),
    );
    // Half-up to the kopeck, as the accrual rule says.
    expect(amount).toBe(Math.floor(((area ?? 0) * (rate ?? 0) + 50) / 100));
  }
  await expect(page.getByText(/^квитанція KP-/).first()).toBeVisible();
  await expect(page.getByText(/^На кінець місяця: /).first()).toBeVisible();

  const chart = page.getByRole('img', { name: 'Нараховано й сплачено за 12 місяців' });
  await expect(chart).toBeVisible();
  await page.getByText('Показати дані графіка таблицею').click();
  const table = page.getByRole('table', { name: 'Нараховано й сплачено за 12 місяців' });
  await expect(table.locator('tbody tr')).toHaveCount(12);
  // A year at a time: the previous 12 months end the month before this page begins.
  const newest = await table.locator('tbody tr th').last().textContent();
  await page.getByRole('link', { name: '← Попередні 12 місяців' }).click();
  await expect(page).toHaveURL(/\/account\/statement\?to=\d{4}-\d{2}$/);
  await page.getByText('Показати дані графіка таблицею').click();
  await expect(table.locator('tbody tr')).toHaveCount(12);
  expect(await table.locator('tbody tr th').last().textContent()).not.toBe(newest);
  await expect(page.getByRole('link', { name: 'Наступні 12 місяців →' })).toBeVisible();

  const steps = page.getByTestId('tariff-step');
  await expect(
    steps.filter({ hasText: /зросла з [\d,]+\s₴ до [\d,]+\s₴ за м² на місяць: \+\d+/ }),
  ).not.toHaveCount(0);
  await expect(steps.filter({ hasText: 'ваш щомісячний рахунок зріс з' })).not.toHaveCount(0);
  await expectAccessibleAt360(page);
});

test('the statement in English explains the tariff rise in plain words', async ({ page }) => {
  await signIn(page, 'DISPUTED_DEBTOR', '/account/statement');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Statement');
  await openNewestBilledMonth(page);
  await expect(
    page.getByText(/^72\.40\sm²\s×\sUAH\s\d+\.\d\d\s=\sUAH\s[\d,]+\.\d\d$/).first(),
  ).toBeVisible();
  await expect(
    page.getByTestId('tariff-step').filter({ hasText: /the rate for your building rose from UAH/ }),
  ).not.toHaveCount(0);
  await expectAccessibleAt360(page);
});

test('the printable bill of one month; malformed and future months are 404', async ({ page }) => {
  const fixture = await signIn(page, 'PAID_UP', '/account/statement');
  await openNewestBilledMonth(page);
  await page.getByRole('link', { name: /^Рахунок за жовтень 2026/ }).click();
  await expect(page).toHaveURL(/\/account\/bill\/2026-10$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Рахунок за жовтень 2026/);
  await expect(page.locator('main')).toContainText(fixture.holderName);
  await expect(page.getByText(/^35,75\sм²\s×\s/).first()).toBeVisible();
  await expectAccessibleAt360(page);

  // The NBU payment QR code, decoded from the image itself: every field against the bill.
  await expect(page.getByRole('button', { name: 'Друкувати' })).toBeVisible();
  const src = (await page.getByTestId('bill-qr').getAttribute('src')) ?? '';
  const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded, 'the QR image decodes').not.toBeNull();
  const fields = parseNbuQrUrl(decoded?.data ?? '');
  expect(fields).toMatchObject({
    serviceMark: 'BCD',
    format: '003',
    encoding: '1',
    function: 'UCT',
  });
  expect(fields.iban).toBe(await page.getByTestId('bill-iban').textContent());
  expect(fields.purpose).toBe(await page.getByTestId('bill-purpose').textContent());
  expect(fields.purpose).toContain(fixture.number);
  expect(fields.recipientCode).toMatch(/^\d{8}$/);
  const closing = parseHryvnias(
    ((await page.getByTestId('bill-closing').textContent()) ?? '').replace(/[^\d,]/g, ''),
  );
  expect(fields.amount).toBe(nbuQrAmount(closing ?? 0));

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('link', { name: 'Назад до виписки' })).toBeHidden();
  const colour = await page
    .getByRole('heading', { level: 1 })
    .evaluate((element) => getComputedStyle(element).color);
  expect(colour).toMatch(/^(rgb\(0, 0, 0\)|oklch\(0 0 0\)|lab\(0 0 0\))$/);
  await page.emulateMedia({ media: 'screen' });

  for (const month of ['2026-13', 'abc', '2026-1', '2099-01', '1990-01']) {
    const response = await page.goto(`/account/bill/${month}`);
    expect(response?.status(), month).toBe(404);
    await expect(page.locator('body')).not.toContainText(fixture.holderName);
  }
});

test('a signed-in resident walks every page through the header menu, then signs out', async ({
  page,
}) => {
  await signIn(page, 'RECENT_DEBTOR');
  const menu = page.getByRole('navigation', { name: 'Особистий кабінет' });
  await expect(menu.getByRole('link', { name: 'Мій рахунок' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  for (const [name, path] of [
    ['Виписка', '/account/statement'],
    ['Платежі', '/account/payments'],
    ['Мій рахунок', '/account'],
  ] as const) {
    await menu.getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(
      page.getByRole('navigation', { name: 'Особистий кабінет' }).getByRole('link', { name }),
    ).toHaveAttribute('aria-current', 'page');
    await expectAccessibleAt360(page);
  }
  // The home page offers the resident's own account, not a sign-in.
  await page.goto('/');
  await expect(menu).toBeVisible();
  await menu.getByRole('button', { name: 'Вийти' }).click();
  await expect(page.getByRole('navigation', { name: 'Особистий кабінет' })).toHaveCount(0);
});

test('a receipt in the payment history: the header menu, and its PDF for the signed-in account only', async ({
  page,
  playwright,
  baseURL,
}) => {
  await signIn(page, 'PAID_UP', '/account/payments');
  const first = page.getByRole('link', { name: /KP-\d{4}-\d{8}$/ }).first();
  const receiptNumber = /KP-\d{4}-\d{8}/.exec((await first.textContent()) ?? '')?.[0] ?? '';
  await first.click();
  await expect(page.getByRole('navigation', { name: 'Особистий кабінет' })).toBeVisible();
  const pdfLink = page.getByRole('link', { name: 'Завантажити PDF' });
  await expect(pdfLink).toHaveAttribute('href', `/account/payments/${receiptNumber}/pdf`);
  await expectAccessibleAt360(page);

  const download = await page.request.get(`/account/payments/${receiptNumber}/pdf`);
  expect(download.status()).toBe(200);
  const pdf = await getDocumentProxy(new Uint8Array(await download.body()));
  const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
  expect(text).toContain(`Квитанція ${receiptNumber}`);
  expect(text).toContain('Призначення платежу');

  // Another account's receipt number reads as unknown; without a session, nothing.
  expect((await page.request.get('/account/payments/KP-1999-00000001/pdf')).status()).toBe(404);
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get(`/account/payments/${receiptNumber}/pdf`)).status()).toBe(401);
  await anonymous.dispose();
});
