import { expect, type Page, test } from '@playwright/test';
import { FIXTURE_ACCOUNTS } from '../../prisma/seed/fixtures';
import { actAsFreshClient, signInWithBillCode } from '../auth/helpers';
import { expectNoAxeViolations, expectNoHorizontalScroll } from '../axe';

/**
 * SMS reminders instead of robocalls (issue 8), on a phone, in Ukrainian: the fixture debtor on
 * the call list chooses SMS, reads the code in the development outbox, confirms, is told they
 * will not be called, and the dialer's API agrees (gone from the list, REMOVED with reason
 * SMS_OPT_IN in the changes feed). Then back to calls: on the list again, and told so.
 *
 * It changes the fixture's state (and restores it), so it runs in its own project after the
 * read-only ones and before the payment journey (playwright.config.ts: `sms`).
 */
const debtor = FIXTURE_ACCOUNTS.find((account) => account.key === 'CALL_LIST_DEBTOR');
const DIALER_KEY = process.env.DEMO_DIALER_API_KEY ?? 'kvp_demo_dialer_key_change_me';
const auth = { authorization: `Bearer ${DIALER_KEY}` };

test.describe.configure({ mode: 'serial' });

// A journey that fails half-way must not leave the fixture on SMS for the payments project:
// back to calls through the same button (a no-op unless the account chose SMS).
test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus || !debtor) return;
  await page.goto('/account');
  const optOut = page.getByRole('button', { name: 'Повернутися до дзвінків' });
  if (await optOut.isVisible()) {
    await optOut.click();
    await expect(page).toHaveURL(/\/account\/sms\/done/);
  }
});

async function listed(page: Page): Promise<{ cursor: string; numbers: string[] }> {
  const response = await page.request.get('/api/v1/call-list', { headers: auth });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { cursor: string; entries: { accountNumber: string }[] };
  return { cursor: body.cursor, numbers: body.entries.map((entry) => entry.accountNumber) };
}

async function codeFromOutbox(page: Page, to: string): Promise<string> {
  await page.goto('/dev/sms');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SMS outbox (development)');
  const newest = page
    .locator(`[data-testid="dev-sms"][data-to="${to}"][data-kind="ONE_TIME_CODE"]`)
    .first();
  await expectNoAxeViolations(page);
  const body = await newest.getByTestId('dev-sms-body').textContent();
  const code = /\b([0-9]{6})\b/.exec(body ?? '')?.[1];
  if (!code) throw new Error(`no code to ${to} in the outbox`);
  return code;
}

test('a debtor on the call list chooses SMS on a phone, then goes back to calls', async ({
  page,
}) => {
  if (!debtor) throw new Error('fixture CALL_LIST_DEBTOR is missing');
  await page.setViewportSize({ width: 360, height: 740 });
  await actAsFreshClient(page);
  const before = await listed(page);
  expect(before.numbers).toContain(debtor.number);

  await signInWithBillCode(page, { number: debtor.number, code: debtor.billAccessCode });
  await expect(page).toHaveURL(/\/account$/);
  const section = page.locator('section', {
    has: page.getByRole('heading', { name: 'Нагадування SMS замість дзвінків' }),
  });
  await expect(section).toBeVisible();
  await section.getByRole('link', { name: 'Обрати SMS замість дзвінків' }).click();
  await expect(page).toHaveURL(/\/account\/sms$/);
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  const phone = page.getByLabel('Номер мобільного');
  const send = page.getByRole('button', { name: 'Надіслати код' });
  // A landline and a foreign number are refused, in Ukrainian, and nothing is sent.
  await phone.fill('057 700 12 34');
  await send.click();
  await expect(page.locator('#sign-in-error')).toHaveText(/стаціонарний номер/);
  await expect(page.getByLabel('Номер мобільного')).toHaveValue('057 700 12 34');
  await page.getByLabel('Номер мобільного').fill('+48 512 345 678');
  await page.getByRole('button', { name: 'Надіслати код' }).click();
  await expect(page.locator('#sign-in-error')).toHaveText(/лише український мобільний номер/);

  await page.getByLabel('Номер мобільного').fill('050 123 45 67');
  await page.getByRole('button', { name: 'Надіслати код' }).click();
  await expect(page).toHaveURL(/\/account\/sms\/confirm$/);
  await expect(page.getByTestId('sms-code-sent')).toContainText('+380 •• ••• •• 67');
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  const code = await codeFromOutbox(page, '+380501234567');
  await page.goto('/account/sms/confirm');
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('Код з SMS').fill(wrong);
  await page.getByRole('button', { name: 'Підтвердити' }).click();
  await expect(page.locator('#sign-in-error')).toHaveText(
    'Код неправильний. Перевірте SMS і спробуйте ще раз (усього 5 спроб).',
  );
  await page.getByLabel('Код з SMS').fill(code);
  await page.getByRole('button', { name: 'Підтвердити' }).click();
  await expect(page).toHaveURL(/\/account\/sms\/done/);
  await expect(page.getByTestId('sms-outcome')).toContainText(
    'SMS-нагадування увімкнено для +380 •• ••• •• 67. Вам не телефонуватимуть: ваш номер прибрано зі списку автоматичних дзвінків.',
  );
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  // The dialer sees it at once: gone from the list, and a removal with its reason in the feed.
  expect((await listed(page)).numbers).not.toContain(debtor.number);
  const changes = await page.request.get(`/api/v1/call-list/changes?after=${before.cursor}`, {
    headers: auth,
  });
  const feed = (await changes.json()) as {
    changes: { accountNumber: string; action: string; reason: string }[];
  };
  expect(feed.changes).toContainEqual(
    expect.objectContaining({
      accountNumber: debtor.number,
      action: 'REMOVED',
      reason: 'SMS_OPT_IN',
    }),
  );

  // The code cannot be used twice; the page points to a new one.
  await page.goto('/account/sms/confirm');
  await page.getByLabel('Код з SMS').fill(code);
  await page.getByRole('button', { name: 'Підтвердити' }).click();
  await expect(page.locator('#sign-in-error')).toHaveText(
    'Цей код уже використано. Надішліть новий.',
  );
  await expect(page.getByRole('link', { name: 'Отримати новий код' })).toHaveAttribute(
    'href',
    '/account/sms',
  );

  await page.goto('/account');
  await expect(page.getByTestId('sms-status')).toHaveText(
    'Ви обрали SMS-нагадування на номер +380 •• ••• •• 67: вам не телефонуватимуть.',
  );
  await expect(page.getByTestId('call-list-status')).toHaveText(
    'Вам не телефонуватимуть: ви обрали SMS-нагадування замість дзвінків. Нагадування приходять SMS не частіше разу на тиждень, з 09:00 до 20:00 у робочі дні.',
  );
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'Повернутися до дзвінків' }).click();
  await expect(page.getByTestId('sms-outcome')).toContainText(
    'SMS-нагадування вимкнено. Ваш номер знову у списку автоматичних дзвінків: борг прострочено понад 3 повних міс.',
  );
  await expectNoHorizontalScroll(page);
  expect((await listed(page)).numbers).toContain(debtor.number);
  // The overview agrees: called again, and the way to SMS is offered again.
  await page.goto('/account');
  await expect(page.getByTestId('call-list-status')).toContainText(
    'Ваш номер у списку автоматичних дзвінків',
  );
  await expect(page.getByRole('link', { name: 'Обрати SMS замість дзвінків' })).toBeVisible();
});

test('a bad pay link says why, in Russian, and offers the look-up', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/lang?to=ru&back=/');
  await page.goto('/p/not-a-token');
  await expect(page).toHaveURL(/\/pay\/link\?problem=MALFORMED$/);
  await expect(page.getByTestId('pay-link-problem')).toHaveText('Эта ссылка недействительна.');
  await page.goto('/pay/link?problem=EXPIRED');
  await expect(page.getByTestId('pay-link-problem')).toContainText(
    'Срок действия этой ссылки истёк',
  );
  await expect(page.getByLabel('Найдите счёт по номеру, чтобы оплатить:')).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
});
