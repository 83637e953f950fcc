import { expect, test } from '@playwright/test';
import { withCheckDigit } from '../../lib/domain/accounts/account-number';
import { maskHolderName } from '../../lib/domain/accounts/mask';
import { formatUah } from '../../lib/i18n/format';
import { FIXTURE_ACCOUNTS, FIXTURE_BUILDING, fixtureByKey } from '../../prisma/seed/fixtures';
import { expectAccessibleAt360, plain, publicSummary, useOwnClientAddress } from './helpers';

/**
 * The public look-up on the home page (DESIGN rule 6): a plain GET form, the masked summary, the
 * amount due as the public API states it, and errors in the resident's language. Read-only.
 */
test.beforeEach(async ({ page }, testInfo) => {
  await useOwnClientAddress(page, testInfo);
});

/** "1111111116" typed the way people copy it from paper: "1111 1111-16". */
function asTyped(number: string): string {
  return `${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8)}`;
}

for (const fixture of FIXTURE_ACCOUNTS) {
  test(`look-up of ${fixture.key} shows the masked summary and the amount due`, async ({
    page,
    request,
  }) => {
    const api = await publicSummary(request, fixture.number);
    await page.goto('/');
    await page
      .getByRole('textbox', { name: 'Номер особового рахунку' })
      .fill(asTyped(fixture.number));
    await page.getByRole('button', { name: 'Знайти рахунок' }).click();
    await expect(page).toHaveURL(/\/\?account=/);

    const result = page.getByRole('region', { name: /^Рахунок / });
    await expect(result.getByRole('heading', { level: 2 })).toHaveText(
      `Рахунок ${fixture.number.replace(/(\d{4})(?=\d)/g, '$1 ')}`,
    );
    await expect(result).toContainText(
      `${FIXTURE_BUILDING.street}, ${FIXTURE_BUILDING.houseNumber}`,
    );
    await expect(result).toContainText(maskHolderName(fixture.holderName));
    expect(plain((await result.getByTestId('amount-due').textContent()) ?? '')).toBe(
      plain(formatUah(api.amountDue, 'uk')),
    );
    // Whether the number is called: the fixture's documented state, in words and in the API.
    expect(api.onCallList).toBe(fixture.onCallList);
    await expect(result.getByTestId('called')).toHaveText(
      fixture.onCallList
        ? /^Цей рахунок зараз у списку автоматичних дзвінків\. Щоб дзвінки припинилися, досить сплатити прострочене: /
        : 'Щодо цього рахунку зараз не телефонують.',
    );
    const overdue = plain((await result.getByTestId('overdue').textContent()) ?? '');
    if (api.overdue > 0) {
      expect(overdue).toContain(plain(formatUah(api.overdue, 'uk')));
      expect(overdue).toContain(`повних місяців прострочення: ${api.overdueMonths}`);
    } else {
      expect(overdue).toMatch(/Боргу немає|Нічого не прострочено/);
    }
    // Never more than the mask: no full name, no flat, no phone.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(fixture.holderName.split(' ')[0] ?? '');
    expect(text).not.toContain(`кв. ${fixture.apartment}`);
    expect(text).not.toContain(fixture.phoneE164.slice(-7));

    await expect(result.getByRole('link', { name: 'Сплатити' })).toHaveAttribute(
      'href',
      `/pay?account=${fixture.number}`,
    );
    await expect(
      result.getByRole('link', { name: 'Увійти, щоб побачити виписку' }),
    ).toHaveAttribute('href', new RegExp(`^/sign-in\\?account=${fixture.number}&`));
    await expectAccessibleAt360(page);
  });
}

const problems = [
  {
    name: 'a typo in the check digit',
    input: `${fixtureByKey('PAID_UP').number.slice(0, 9)}9`,
    message: 'Схоже, в номері помилка',
  },
  { name: 'a number too short', input: '12345', message: 'має бути 10 цифр, а введено 5' },
  {
    name: 'an unknown number',
    input: withCheckDigit('987654321'),
    message: 'Рахунку з таким номером немає',
  },
  { name: 'letters', input: '11111111AB', message: 'лише з цифр' },
  { name: 'nothing', input: '   ', message: 'Введіть номер особового рахунку' },
];

for (const problem of problems) {
  test(`look-up of ${problem.name} explains the problem next to the field`, async ({ page }) => {
    await page.goto('/');
    const field = page.getByRole('textbox', { name: 'Номер особового рахунку' });
    await field.fill(problem.input);
    await page.getByRole('button', { name: 'Знайти рахунок' }).click();
    await expect(page.locator('#account-error')).toContainText(problem.message);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(new RegExp(problem.message));
    await expect(page.getByRole('region', { name: /^Рахунок / })).toHaveCount(0);
    await expectAccessibleAt360(page);
  });
}

test('the look-up in Russian and English, switched with the header links', async ({ page }) => {
  const fixture = fixtureByKey('RECENT_DEBTOR');
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');

  await page.getByRole('link', { name: 'Русский' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await page.getByRole('textbox', { name: 'Номер лицевого счёта' }).fill(fixture.number);
  await page.getByRole('button', { name: 'Найти счёт' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Счёт 2222 2222 22');
  await expect(page.getByRole('link', { name: 'Оплатить' })).toBeVisible();
  await expect(page.getByText('К оплате')).toBeVisible();
  await expectAccessibleAt360(page);

  // The switcher returns to the same result, now in English.
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Account 2222 2222 22');
  await expect(page.getByRole('link', { name: 'Pay', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in to see the statement' })).toBeVisible();
  await expect(page.getByTestId('overdue')).toContainText('overdue; full months overdue:');
  await expectAccessibleAt360(page);

  await page.getByRole('textbox', { name: 'Personal account number' }).fill('2222222223');
  await page.getByRole('button', { name: 'Find the account' }).click();
  await expect(page.locator('#account-error')).toHaveText(
    'The number looks mistyped: one digit is wrong or two neighbouring digits are swapped. Check it against your paper bill.',
  );

  await page.getByRole('link', { name: 'Українська' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ваш особовий рахунок');
});

test('the look-up works without JavaScript', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await useOwnClientAddress(page, testInfo);
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Номер особового рахунку' }).fill('3333 3333 38');
  await page.getByRole('button', { name: 'Знайти рахунок' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Рахунок 3333 3333 38');
  await context.close();
});
