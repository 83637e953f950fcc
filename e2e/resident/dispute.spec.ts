import { expect, type Page, test } from '@playwright/test';
import { fixtureByKey } from '../../prisma/seed/fixtures';
import {
  actAsFreshClient,
  expectSignedInTo,
  latestSmsCode,
  queryE2eDatabase,
  signInWithBillCode,
} from '../auth/helpers';
import { expectAccessibleAt360, visibleText } from './helpers';

/**
 * Disputes, resident side (DESIGN rules 7 and 9), on a phone. A debtor on the call list opens
 * a dispute in Ukrainian, is told that calls and SMS reminders are paused and what happens after
 * the decision, and the dialer's feed shows the number REMOVED with DISPUTE_OPEN; then replies
 * (also with JavaScript off). Typed markup stays text. The form in Russian and English, and
 * another account's dispute is a 404.
 *
 * Opening a dispute takes an account off the call list for good (until a decision), and the
 * CALL_LIST_DEBTOR fixture must stay on it for the read-only specs running alongside and for
 * the sms and payments projects after them. So the journey uses a seeded account of its own:
 * the highest-numbered non-fixture account on the call list (other specs' spare accounts are
 * taken from the low end, e2e/auth/helpers.ts), signed in with a code sent by SMS. Fixtures
 * are only read.
 */
const DIALER_KEY = process.env.DEMO_DIALER_API_KEY ?? 'kvp_demo_dialer_key_change_me';
const auth = { authorization: `Bearer ${DIALER_KEY}` };
const MARKUP = '<script>alert(1)</script>';

async function listed(page: Page): Promise<{ cursor: string; numbers: string[] }> {
  const response = await page.request.get('/api/v1/call-list', { headers: auth });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { cursor: string; entries: { accountNumber: string }[] };
  return { cursor: body.cursor, numbers: body.entries.map((entry) => entry.accountNumber) };
}

/** A seeded debtor on the call list that no other spec touches (see above). */
async function debtorOnTheList(): Promise<{ id: number; number: string }> {
  const rows = await queryE2eDatabase<{ id: number; number: string }>(
    `SELECT a.id, a.number FROM account a
      WHERE a.number NOT IN ('1111111116','2222222222','3333333338','4444444444','5555555555')
        AND EXISTS (SELECT 1 FROM call_list_entry e WHERE e.account_id = a.id AND e.removed_at IS NULL)
        AND EXISTS (SELECT 1 FROM phone p WHERE p.account_id = a.id AND p.kind = 'MOBILE' AND p.callable)
        AND NOT EXISTS (SELECT 1 FROM dispute d WHERE d.account_id = a.id AND d.status <> 'RESOLVED')
      ORDER BY a.id DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) throw new Error('no seeded account on the call list');
  return row;
}

async function signInBySms(page: Page, accountNumber: string): Promise<void> {
  await page.goto('/sign-in?method=sms');
  await page.locator('#account-number').fill(accountNumber);
  await page.getByRole('button', { name: 'Надіслати код' }).click();
  await expect(page).toHaveURL(/\/sign-in\/code\?/);
  await page.locator('#sms-code').fill(await latestSmsCode(accountNumber));
  await page.getByRole('button', { name: 'Увійти' }).click();
  await expectSignedInTo(page, accountNumber);
}

test.beforeEach(async ({ page }) => {
  await actAsFreshClient(page);
});

test('a debtor on the call list opens a dispute, is told calls and reminders are paused, and replies', {
  tag: '@phone-only',
}, async ({ page, browser, baseURL }) => {
  // A long journey with an axe scan at every step: give it room on a loaded two-core machine.
  test.setTimeout(180_000);
  // Typed markup must never run: any dialog fails the test.
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const debtor = await debtorOnTheList();
  const before = await listed(page);
  expect(before.numbers).toContain(debtor.number);

  await signInBySms(page, debtor.number);
  const disputesRegion = page.getByRole('region', { name: 'Відкриті звернення' });
  await expect(disputesRegion).toContainText('Відкритих звернень немає.');
  await disputesRegion.getByRole('link', { name: 'Оскаржити нарахування' }).click();
  await expect(page).toHaveURL(/\/account\/disputes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Звернення щодо нарахувань');
  await expect(page.getByText('Звернень ще не було.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Оскаржити нарахування' })).toBeVisible();
  await expect(
    page.getByText(/вам не телефонуватимуть і не надсилатимуть SMS-нагадування/),
  ).toBeVisible();
  await expectAccessibleAt360(page);

  // Too short: explained inline in Ukrainian, the typed values kept, nothing opened.
  await page.getByLabel('Неправильна площа').check();
  const months = page.getByLabel('Місяць нарахування (необов’язково)');
  const monthValue = await months.locator('option').nth(1).getAttribute('value');
  expect(monthValue).toMatch(/^\d{4}-\d{2}$/);
  await months.selectOption(monthValue ?? '');
  await page.getByLabel('Опишіть проблему').fill('коротко');
  await page.getByRole('button', { name: 'Надіслати звернення' }).click();
  await expect(page.locator('#dispute-error')).toHaveText(
    'Опишіть проблему докладніше: щонайменше 10 символів.',
  );
  await expect(page.getByLabel('Опишіть проблему')).toHaveValue('коротко');
  await expect(page.getByLabel('Опишіть проблему')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Неправильна площа')).toBeChecked();
  await expect(page.getByLabel('Місяць нарахування (необов’язково)')).toHaveValue(monthValue ?? '');
  await expectAccessibleAt360(page);
  expect((await listed(page)).numbers).toContain(debtor.number);

  const description = `Площа в рахунку більша, ніж за техпаспортом. ${MARKUP}`;
  await page.getByLabel('Опишіть проблему').fill(description);
  await page.getByRole('button', { name: 'Надіслати звернення' }).click();
  await expect(page).toHaveURL(/\/account\/disputes\/\d+\?opened=1&removed=1$/);
  const disputePath = new URL(page.url()).pathname;
  const outcome = page.getByTestId('dispute-outcome');
  await expect(outcome.getByRole('heading')).toHaveText('Звернення прийнято');
  await expect(outcome).toContainText('Ваш номер прибрано зі списку автоматичних дзвінків.');
  await expect(outcome).toContainText(
    'Поки звернення відкрите, вам не телефонуватимуть і не надсилатимуть SMS-нагадування про борг.',
  );
  await expect(outcome).toContainText(/Ми відповімо до \d{1,2}\s\S+\s\d{4}/);
  await expect(outcome).toContainText('якщо звернення задовольнять, нарахування виправлять');
  await expect(page.getByTestId('dispute-status')).toHaveText('Відкрите');
  // The markup is shown as the resident typed it, and is not an element.
  await expect(page.getByText(description)).toBeVisible();
  await expect(page.locator('main script')).toHaveCount(0);
  await expectAccessibleAt360(page);

  // The dialer sees it at once: gone from the list, REMOVED with DISPUTE_OPEN in the feed.
  expect((await listed(page)).numbers).not.toContain(debtor.number);
  const changes = await page.request.get(`/api/v1/call-list/changes?after=${before.cursor}`, {
    headers: auth,
  });
  expect(changes.status()).toBe(200);
  const feed = (await changes.json()) as {
    changes: { accountNumber: string; action: string; reason: string }[];
  };
  expect(feed.changes).toContainEqual(
    expect.objectContaining({
      accountNumber: debtor.number,
      action: 'REMOVED',
      reason: 'DISPUTE_OPEN',
    }),
  );

  // A reply: an empty one is refused inline; then one with markup, kept as text.
  await page.getByRole('button', { name: 'Надіслати відповідь' }).click();
  await expect(page.locator('#dispute-error')).toHaveText('Напишіть текст відповіді.');
  await expect(page.getByLabel('Ваша відповідь')).toHaveAttribute('aria-invalid', 'true');
  const reply = `<b>Додаю</b> фото техпаспорта. ${MARKUP}`;
  await page.getByLabel('Ваша відповідь').fill(reply);
  await page.getByRole('button', { name: 'Надіслати відповідь' }).click();
  await expect(page).toHaveURL(new RegExp(`${disputePath}\\?sent=1#thread$`));
  await expect(page.getByRole('status')).toHaveText('Вашу відповідь додано до звернення.');
  const thread = page.getByTestId('dispute-thread');
  await expect(thread.locator('li')).toHaveCount(1);
  await expect(thread).toContainText(reply);
  await expect(thread.locator('b, script')).toHaveCount(0);
  await expect(page.getByTestId('dispute-outcome')).toContainText(
    'Поки звернення відкрите, вам не телефонуватимуть',
  );
  await expectAccessibleAt360(page);

  // The overview agrees and links to the dispute; a second dispute is not offered.
  await page.goto('/account');
  await expect(page.getByTestId('call-list-status')).toHaveText(
    'Дзвінки й нагадування призупинено, поки розглядається ваше звернення.',
  );
  await expect(
    page
      .getByRole('region', { name: 'Відкриті звернення' })
      .getByRole('link', { name: /^Неправильна площа — відкрите/ }),
  ).toHaveAttribute('href', disputePath);
  await page.goto('/account/disputes');
  await expect(page.getByTestId('dispute-list')).toContainText('Відкрите');
  await expect(page.getByText('У вас уже є відкрите звернення.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Надіслати звернення' })).toHaveCount(0);
  await expectAccessibleAt360(page);

  // Without JavaScript (same session): the reply form is a plain POST and still works.
  const noJs = await browser.newContext({
    storageState: await page.context().storageState(),
    baseURL,
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    extraHTTPHeaders: { 'x-forwarded-for': '10.250.0.7' },
  });
  try {
    const plain = await noJs.newPage();
    await plain.goto(disputePath);
    await plain.getByLabel('Ваша відповідь').fill('Без JavaScript теж працює.');
    await plain.getByRole('button', { name: 'Надіслати відповідь' }).click();
    await expect(plain).toHaveURL(new RegExp(`${disputePath}\\?sent=1`));
    await expect(plain.getByTestId('dispute-thread').locator('li')).toHaveCount(2);
    await expect(plain.getByTestId('dispute-thread')).toContainText('Без JavaScript теж працює.');
  } finally {
    await noJs.close();
  }
  expect(dialogs).toEqual([]);
});

test('the dispute form in Russian and English; another account’s dispute is a 404', {
  tag: '@phone-only',
}, async ({ page }) => {
  // Read-only for the fixtures: nothing is submitted.
  const debtor = fixtureByKey('CALL_LIST_DEBTOR');
  await signInWithBillCode(page, { number: debtor.number, code: debtor.billAccessCode });
  await expectSignedInTo(page, debtor.number);

  await page.goto('/lang?to=ru&back=/account/disputes');
  await expect(page).toHaveURL(/\/account\/disputes$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обращения по начислениям');
  await expect(page.getByRole('heading', { name: 'Оспорить начисление' })).toBeVisible();
  await expect(page.getByLabel('Неверная площадь')).toBeVisible();
  await expect(
    page.getByLabel('Месяц начисления (необязательно)').locator('option'),
  ).not.toHaveCount(1);
  await expect(page.getByLabel('Опишите проблему')).toHaveAttribute('maxlength', '4000');
  await expect(page.getByText(/вам не будут звонить и присылать SMS-напоминания/)).toBeVisible();
  await expectAccessibleAt360(page);

  await page.goto('/lang?to=en&back=/account/disputes');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Disputes about charges');
  await expect(page.getByRole('heading', { name: 'Open a dispute' })).toBeVisible();
  await expect(page.getByLabel('Payment not credited')).toBeVisible();
  await expect(page.getByLabel('Describe the problem')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send the dispute' })).toBeVisible();
  await expectAccessibleAt360(page);

  // The disputing fixture's dispute, by id: not this account's, so no page at all.
  const victim = fixtureByKey('DISPUTED_DEBTOR');
  const [row] = await queryE2eDatabase<{ id: number }>(
    `SELECT d.id FROM dispute d JOIN account a ON a.id = d.account_id WHERE a.number = $1`,
    [victim.number],
  );
  expect(row).toBeDefined();
  for (const path of [
    `/account/disputes/${row?.id}`,
    '/account/disputes/999999999',
    '/account/disputes/abc',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const text = await visibleText(page);
    expect(text, path).not.toContain(victim.holderName.split(' ')[0] ?? '');
    expect(text, path).not.toContain('техпаспорт');
  }

  // Its owner sees it, with the thread and the paused calls, in English.
  await signInWithBillCode(page, { number: victim.number, code: victim.billAccessCode });
  await expectSignedInTo(page, victim.number);
  await page.goto(`/account/disputes/${row?.id}`);
  await expect(page.getByTestId('dispute-status')).toHaveText('Open');
  await expect(page.getByTestId('dispute-thread')).toContainText('You');
  await expect(page.getByTestId('dispute-outcome')).toContainText(
    'While the dispute is open, you will not be called and will get no SMS reminders about the debt.',
  );
  await expectAccessibleAt360(page);
});
