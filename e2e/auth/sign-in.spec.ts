import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScroll } from '../axe';
import {
  actAsFreshClient,
  expectSignedInTo,
  FIXTURES,
  latestSmsCode,
  signInWithBillCode,
  spareAccount,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await actAsFreshClient(page);
});

const LANGUAGES = [
  { code: 'uk', title: 'Вхід до особового рахунку', wrong: 'Номер рахунку або код неправильні.' },
  { code: 'ru', title: 'Вход в лицевой счёт', wrong: 'Номер счёта или код неверны.' },
  {
    code: 'en',
    title: 'Sign in to your personal account',
    wrong: 'The account number or the code is wrong.',
  },
] as const;

for (const [index, language] of LANGUAGES.entries()) {
  test(`sign-in page and bill-code sign-in in ${language.code}`, async ({ page }, testInfo) => {
    // Wrong codes go to an account no other test signs in to, so nothing else gets locked.
    const spare = await spareAccount(testInfo, 10 + index);
    await page.goto(`/lang?to=${language.code}&back=/sign-in`);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.locator('html')).toHaveAttribute('lang', language.code);
    await expect(page.locator('h1')).toHaveText(language.title);
    await expectNoAxeViolations(page);

    // A wrong code: the generic message, tied to both inputs.
    await page.locator('#account-number').fill(spare.number);
    await page.locator('#bill-code').fill('00000001');
    await page
      .locator('form')
      .filter({ has: page.locator('#bill-code') })
      .locator('button[type=submit]')
      .click();
    await expect(page.locator('#sign-in-error')).toHaveText(language.wrong);
    await expect(page.locator('#bill-code')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#bill-code')).toHaveAttribute('aria-describedby', /sign-in-error/);
    await expect(page.locator('#account-number')).toHaveValue(spare.number);
    await expectNoAxeViolations(page);

    await signInWithBillCode(page, FIXTURES.paid);
    await expectSignedInTo(page, FIXTURES.paid.number);
  });
}

test('an unknown account and a malformed number get the same answer as a wrong code', async ({
  page,
}) => {
  for (const number of ['1234567897', '12-34', FIXTURES.paid.number]) {
    await signInWithBillCode(page, { number, code: '00000002' });
    await expect(page.locator('#sign-in-error')).toHaveText('Номер рахунку або код неправильні.');
  }
});

test('sign-in returns to the page asked for, never to another site', async ({ page }) => {
  await page.goto('/account/statement');
  await expect(page).toHaveURL(/\/sign-in\?back=%2Faccount%2Fstatement$/);
  await page.locator('#account-number').fill(FIXTURES.paid.number);
  await page.locator('#bill-code').fill(FIXTURES.paid.code);
  await page
    .locator('form')
    .filter({ has: page.locator('#bill-code') })
    .locator('button[type=submit]')
    .click();
  await expect(page).toHaveURL(/\/account\/statement$/);

  await page.goto('/sign-in?back=//evil.example/steal');
  await expect(page.locator('input[name=back]').first()).toHaveValue('/account');
});

test('sign-in with a code sent by SMS', async ({ page }, testInfo) => {
  const account = await spareAccount(testInfo, 0);
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Код в SMS' }).click();
  await expect(page).toHaveURL(/method=sms/);
  await expectNoAxeViolations(page);
  await page.locator('#account-number').fill(account.number);
  await page.getByRole('button', { name: 'Надіслати код' }).click();

  await expect(page).toHaveURL(/\/sign-in\/code\?/);
  await expect(page.locator('main')).toContainText(/\+380 •• ••• •• \d\d/);
  await expectNoAxeViolations(page);

  // A wrong code first: counted, explained, still on the code page.
  const code = await latestSmsCode(account.number);
  await page.locator('#sms-code').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Увійти' }).click();
  await expect(page.locator('#sign-in-error')).toContainText('Код неправильний');
  await expect(page.locator('#sms-code')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  // Asking again at once is throttled (1 a minute).
  await page.getByRole('button', { name: 'Надіслати новий код' }).click();
  await expect(page.locator('#sign-in-error')).toContainText('Код щойно надіслано');

  await page.locator('#sms-code').fill(code);
  await page.getByRole('button', { name: 'Увійти' }).click();
  await expectSignedInTo(page, account.number);
});

test('five wrong codes lock the account, and the page says until when', async ({
  page,
}, testInfo) => {
  const account = await spareAccount(testInfo, 1);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signInWithBillCode(page, { number: account.number, code: `0000000${attempt}` });
    if (attempt < 5) {
      await expect(page.locator('#sign-in-error')).toHaveText('Номер рахунку або код неправильні.');
      // How many failures this device has left on this number before its lock (counted the
      // same way for numbers that do not exist).
      await expect(
        page.getByText(
          `Залишилось спроб: ${5 - attempt}. Після них вхід до цього рахунку з цього пристрою заблокується на 15 хв.`,
        ),
      ).toBeVisible();
    }
  }
  await expect(page.locator('#sign-in-error')).toContainText(
    'Вхід до цього рахунку заблоковано до',
  );
  await expect(page.locator('#sign-in-error')).toContainText(/\d{1,2}:\d{2}/);
  // What to do next.
  await expect(page.locator('#sign-in-error')).toContainText(
    'якщо код загубився, служба підтримки видасть новий',
  );
  await expectNoAxeViolations(page);

  // The SMS method is locked too: no code is sent.
  await page.goto('/sign-in?method=sms');
  await page.locator('#account-number').fill(account.number);
  await page.getByRole('button', { name: 'Надіслати код' }).click();
  await expect(page.locator('#sign-in-error')).toContainText('заблоковано');

  // In English too.
  await page.goto('/lang?to=en&back=/sign-in');
  await signInWithBillCode(page, { number: account.number, code: '00000009' });
  await expect(page.locator('#sign-in-error')).toContainText(
    'Sign-in to this account is locked until',
  );
});

test('the sign-in pages fit a 360 px screen', { tag: '@phone-only' }, async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  for (const path of ['/sign-in', '/sign-in?method=sms', '/sign-in/code?account=1111111116']) {
    await page.goto(path);
    await expectNoHorizontalScroll(page);
  }
});

test('sign-out ends the session, server-side: a copied cookie no longer opens anything', async ({
  page,
  browser,
}) => {
  await signInWithBillCode(page, FIXTURES.paid);
  await expectSignedInTo(page, FIXTURES.paid.number);
  const copied = await page.context().cookies();
  await page.getByRole('button', { name: 'Вийти' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?back=%2Faccount$/);
  // Someone who copied the cookie before the sign-out gets nothing, and no renewed cookie.
  const thief = await browser.newContext();
  try {
    await thief.addCookies(copied);
    const stolen = await thief.newPage();
    await stolen.goto('/account');
    await expect(stolen).toHaveURL(/\/sign-in\?back=%2Faccount$/);
  } finally {
    await thief.close();
  }
});
