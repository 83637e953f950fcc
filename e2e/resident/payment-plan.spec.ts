import { expect, test } from '@playwright/test';
import { LOCALE_COOKIE } from '../../lib/i18n/locales';
import { actAsFreshClient, expectSignedInTo, FIXTURES, signInWithBillCode } from '../auth/helpers';
import { dialerChangesSince, dialerCursor, generatedDebtorsOnCallList } from './demo-debtors';
import { expectAccessibleAt360, plain, useOwnClientAddress } from './helpers';

/**
 * Issue 11 on a phone, in Ukrainian: a debtor on the call list opens a six-month payment plan
 * from the overview, is taken off the call list at once (PAYMENT_PLAN in the dialer's feed),
 * pays the first instalment through the demo provider and sees the schedule updated. It uses a
 * generated demo debtor on the call list (the fixture debtor's own journeys, paying off and SMS,
 * run in other projects against the same database), a different one per project.
 */
test('a debtor on the call list agrees a six-month plan, leaves the list and pays the first instalment', async ({
  page,
}, testInfo) => {
  await useOwnClientAddress(page, testInfo);
  await page.setViewportSize({ width: 360, height: 740 });
  const slot = testInfo.project.name === 'phone' ? 7 : 6;
  const [debtor] = (await generatedDebtorsOnCallList(page.request)).filter(
    (candidate) => Number(candidate.number) % 12 === slot,
  );
  if (!debtor) throw new Error(`no demo debtor on the call list in slot ${slot}`);
  const cursor = await dialerCursor(page.request);

  await page.goto('/sign-in?back=%2Faccount');
  await page.getByLabel('Номер особового рахунку').fill(debtor.number);
  await page.getByLabel('Код доступу з квитанції').fill(debtor.billAccessCode);
  await page.getByRole('button', { name: 'Увійти', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);

  // The overview offers the plan.
  const section = page.getByRole('region', { name: 'Розстрочка боргу' });
  await expect(section).toContainText('можна сплатити рівними щомісячними внесками');
  await section.getByRole('link', { name: 'Скласти план розстрочки' }).click();
  await expect(page).toHaveURL(/\/account\/plan$/);
  await page.getByRole('link', { name: /^6 міс\. по/ }).click();
  await expect(page).toHaveURL(/n=6/);
  const schedule = page.getByTestId('plan-schedule');
  await expect(schedule.locator('tbody tr')).toHaveCount(6);
  await expect(page.getByText(/Рахунки за нові місяці треба сплачувати як звичайно/)).toBeVisible();
  await expectAccessibleAt360(page);

  await page.getByRole('button', { name: 'Погоджуюсь: почати розстрочку' }).click();
  await expect(page).toHaveURL(/\/account\/plan\?done=1$/);
  await expect(page.getByTestId('plan-status')).toContainText('Розстрочка діє');
  await expect(page.getByTestId('plan-status')).toContainText(
    'Поки ви вносите платежі за графіком, вам не телефонують.',
  );
  await expect(page.getByTestId('call-list-outcome')).toContainText(
    'Ваш номер знято зі списку дзвінків',
  );
  await expectAccessibleAt360(page);

  const changes = await dialerChangesSince(page.request, cursor);
  expect(changes).toContainEqual(
    expect.objectContaining({
      accountNumber: debtor.number,
      action: 'REMOVED',
      reason: 'PAYMENT_PLAN',
    }),
  );

  // The printable agreement.
  await page.getByRole('link', { name: 'Договір розстрочки для друку' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    'Договір про розстрочку сплати заборгованості',
  );
  await expect(page.getByTestId('plan-schedule').locator('tbody tr')).toHaveCount(6);
  await expectAccessibleAt360(page);

  // Pay the first instalment through the demo provider.
  await page.goto('/account/plan');
  const first = plain(
    (await page.getByTestId('plan-schedule').locator('tbody tr').first().textContent()) ?? '',
  );
  await page.getByRole('link', { name: /^Сплатити внесок/ }).click();
  await expect(page).toHaveURL(/\/pay\?account=/);
  await page.getByRole('button', { name: 'Перейти до оплати' }).click();
  await page.getByRole('button', { name: /^Сплатити/ }).click();
  await expect(page.getByRole('heading', { name: 'Оплату зараховано' })).toBeVisible({
    timeout: 20_000,
  });
  // Still off the list, because of the plan.
  await expect(page.getByTestId('call-list-outcome')).toContainText('за планом розстрочки');

  await page.goto('/account/plan');
  const row = page.getByTestId('plan-schedule').locator('tbody tr').first();
  await expect(row).toContainText('сплачено');
  await expect(page.getByTestId('plan-schedule').locator('tbody tr').nth(1)).toContainText(
    'очікується',
  );
  expect(first).toContain('1');
  await expect(page.getByTestId('plan-status')).toContainText(/Сплачено .* з /);
  await expectAccessibleAt360(page);
});

for (const [locale, texts] of [
  [
    'ru',
    {
      title: 'Рассрочка долга',
      option: /^3 мес\. по/,
      agree: 'Согласен: начать рассрочку',
      several: 'Оплата нескольких счетов сразу',
    },
  ],
  [
    'en',
    {
      title: 'Payment plan',
      option: /^3 months of/,
      agree: 'I agree: start the plan',
      several: 'Pay several accounts at once',
    },
  ],
] as const) {
  test(`the plan offer and the several-account page in ${locale}, with and without JavaScript, at 360 px (read-only)`, async ({
    browser,
    baseURL,
  }) => {
    // Without JavaScript: choosing the months and seeing the schedule are plain links.
    for (const javaScriptEnabled of [false, true]) {
      const context = await browser.newContext({ javaScriptEnabled, baseURL });
      const page = await context.newPage();
      await actAsFreshClient(page);
      await page.setViewportSize({ width: 360, height: 740 });
      // The recent debtor owes two overdue months: the offer is there (nothing is agreed here).
      await signInWithBillCode(page, FIXTURES.recent);
      await expectSignedInTo(page, FIXTURES.recent.number);
      await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: baseURL as string }]);
      await page.goto('/account/plan');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts.title);
      await page.getByRole('link', { name: texts.option }).click();
      await expect(page).toHaveURL(/n=3/);
      await expect(page.getByTestId('plan-schedule').locator('tbody tr')).toHaveCount(3);
      await expect(page.getByRole('button', { name: texts.agree })).toBeVisible();
      // Axe runs in the page: only with JavaScript.
      if (javaScriptEnabled) await expectAccessibleAt360(page);
      await page.goto('/account/pay');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts.several);
      await expect(page.getByTestId('pay-several-account')).toHaveCount(1);
      if (javaScriptEnabled) await expectAccessibleAt360(page);
      await context.close();
    }
  });
}
