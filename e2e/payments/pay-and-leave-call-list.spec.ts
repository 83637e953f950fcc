import { expect, test } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { LOCALE_COOKIE } from '../../lib/i18n/locales';
import { FIXTURE_ACCOUNTS } from '../../prisma/seed/fixtures';
import { expectNoAxeViolations, expectNoHorizontalScroll } from '../axe';

/**
 * The heart of the product, on a phone: the fixture debtor on the call list pays the whole
 * debt through the demo provider (a Stripe-signed webhook to our real endpoint), sees the
 * receipt, and the dialer's API no longer lists the number.
 *
 * It changes the fixture's state, so it runs in its own Playwright project after the read-only
 * ones (playwright.config.ts: `payments`, which depends on `desktop` and `phone`).
 */
const debtor = FIXTURE_ACCOUNTS.find((account) => account.key === 'CALL_LIST_DEBTOR');
const DIALER_KEY = process.env.DEMO_DIALER_API_KEY ?? 'kvp_demo_dialer_key_change_me';

test('a debtor pays on a phone, gets a receipt, and leaves the call list', async ({
  page,
  request,
}) => {
  if (!debtor) throw new Error('fixture CALL_LIST_DEBTOR is missing');
  const auth = { authorization: `Bearer ${DIALER_KEY}` };

  const before = await request.get('/api/v1/call-list', { headers: auth });
  expect(before.status()).toBe(200);
  const listed = (await before.json()) as { cursor: string; entries: { accountNumber: string }[] };
  expect(listed.entries.map((entry) => entry.accountNumber)).toContain(debtor.number);

  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/pay?account=${debtor.number}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оплата за особовим рахунком');
  await expect(page.getByText('К. І. М.')).toBeVisible();
  const amount = page.getByLabel('Сума, грн');
  await expect(amount).not.toHaveValue('');
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: 'Перейти до оплати' }).click();
  await expect(page).toHaveURL(/\/pay\/demo\/cs_demo_/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Демо-оплата');
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: /^Сплатити/ }).click();
  await expect(page).toHaveURL(/\/pay\/result\?session_id=cs_demo_/);
  // "Processing" until the webhook has booked it; the page refreshes itself.
  await expect(page.getByRole('heading', { name: 'Оплату зараховано' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText(/KP-\d{4}-\d{8}/).first()).toBeVisible();
  await expect(page.getByText('Залишок боргу після платежу')).toBeVisible();
  // The one thing the debtor came for, on the result page and on the printable receipt.
  await expect(page.getByTestId('call-list-outcome')).toContainText(
    'Ваш номер знято зі списку дзвінків',
  );
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  const paidSession = new URL(page.url()).searchParams.get('session_id') ?? '';
  await page.goto(`/receipts/${paidSession}`);
  await expect(page.getByTestId('call-list-outcome')).toContainText(
    'Ваш номер знято зі списку дзвінків',
  );
  // The PDF, read back with a PDF text extractor: payee, amount, account, date, the call list.
  const receiptNumber =
    (await page
      .getByText(/^KP-\d{4}-\d{8}$/)
      .first()
      .textContent()) ?? '';
  const download = await request.get(`/receipts/${paidSession}/pdf`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(download.headers()['content-disposition']).toBe(
    `attachment; filename="${receiptNumber}.pdf"`,
  );
  const pdf = await getDocumentProxy(new Uint8Array(await download.body()));
  const pdfText = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
  expect(pdfText).toContain(`Квитанція ${receiptNumber}`);
  expect(pdfText).toContain('UA213223130000026007233566001');
  expect(pdfText).toContain(debtor.number);
  expect(pdfText).toMatch(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
  expect(pdfText).toContain('Ваш номер знято зі списку дзвінків');
  expect((await request.get('/receipts/cs_demo_nosuchsession0000/pdf')).status()).toBe(404);

  const after = await request.get('/api/v1/call-list', { headers: auth });
  const list = (await after.json()) as { entries: { accountNumber: string }[] };
  expect(list.entries.map((entry) => entry.accountNumber)).not.toContain(debtor.number);

  const feed = await request.get(`/api/v1/call-list/changes?after=${listed.cursor}`, {
    headers: auth,
  });
  const changes = (await feed.json()) as {
    changes: { accountNumber: string; action: string; reason: string }[];
  };
  expect(changes.changes).toContainEqual(
    expect.objectContaining({ accountNumber: debtor.number, action: 'REMOVED', reason: 'PAID' }),
  );

  const lookup = await request.get(`/api/v1/accounts/${debtor.number}`);
  expect(await lookup.json()).toMatchObject({ amountDue: 0, overdue: 0 });
});

test('a cancelled demo payment books nothing and says so', async ({ page, request }) => {
  const recent = FIXTURE_ACCOUNTS.find((account) => account.key === 'RECENT_DEBTOR');
  if (!recent) throw new Error('fixture RECENT_DEBTOR is missing');
  const before = (await (await request.get(`/api/v1/accounts/${recent.number}`)).json()) as {
    amountDue: number;
  };
  await page.goto(`/pay?account=${recent.number}`);
  await page.getByLabel('Сума, грн').fill('100');
  await page.getByRole('button', { name: 'Перейти до оплати' }).click();
  await page.getByRole('button', { name: 'Скасувати' }).click();
  await expect(page.getByRole('heading', { name: 'Оплату скасовано' })).toBeVisible();
  const after = (await (await request.get(`/api/v1/accounts/${recent.number}`)).json()) as {
    amountDue: number;
  };
  expect(after.amountDue).toBe(before.amountDue);
});

test('a bad amount is explained next to the field and nothing is started', async ({ page }) => {
  const recent = FIXTURE_ACCOUNTS.find((account) => account.key === 'RECENT_DEBTOR');
  if (!recent) throw new Error('fixture RECENT_DEBTOR is missing');
  await page.goto(`/pay?account=${recent.number}`);
  await page.getByLabel('Сума, грн').fill('5');
  await page.getByRole('button', { name: 'Перейти до оплати' }).click();
  await expect(page).toHaveURL(/error=TOO_SMALL/);
  await expect(page.getByText(/Мінімальна сума/)).toBeVisible();
  await expect(page.getByLabel('Сума, грн')).toHaveAttribute('aria-invalid', 'true');
});

test('a checkout never paid: waiting for a minute, then says so and stops refreshing', async ({
  page,
  context,
  baseURL,
}) => {
  const recent = FIXTURE_ACCOUNTS.find((account) => account.key === 'RECENT_DEBTOR');
  if (!recent) throw new Error('fixture RECENT_DEBTOR is missing');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/pay?account=${recent.number}`);
  await page.getByLabel('Сума, грн').fill('100');
  await page.getByRole('button', { name: 'Перейти до оплати' }).click();
  await expect(page).toHaveURL(/\/pay\/demo\/cs_demo_/);
  const sessionId = new URL(page.url()).pathname.split('/').at(-1) ?? '';

  // The payer leaves the demo checkout without paying and opens the result page.
  await page.goto(`/pay/result?session_id=${sessionId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Чекаємо підтвердження оплати');
  await expect(page.getByText(/Банк підтвердив/)).toHaveCount(0);
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute(
    'content',
    new RegExp(`^3;url=/pay/result\\?session_id=${sessionId}&wait=1$`),
  );

  // After a minute of refreshes (wait=20) it stops and says what is known.
  await page.goto(`/pay/result?session_id=${sessionId}&wait=20`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Підтвердження ще не надійшло');
  await expect(page.getByText(/платити вдруге не потрібно/)).toBeVisible();
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Перевірити ще раз' })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  // The same in English and Russian.
  for (const [locale, title] of [
    ['en', 'No confirmation yet'],
    ['ru', 'Подтверждение ещё не пришло'],
  ] as const) {
    await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL ?? '' }]);
    await page.goto(`/pay/result?session_id=${sessionId}&wait=20`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expectNoHorizontalScroll(page);
  }
});
