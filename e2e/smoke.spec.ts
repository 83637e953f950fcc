import { expect, test } from '@playwright/test';

test('the home page is in Ukrainian, with a labelled account-number field and a submit button', async ({
  page,
}) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');

  const accountNumber = page.getByRole('textbox', { name: /рахун/i });
  await expect(accountNumber).toBeVisible();
  await expect(accountNumber).toBeEditable();

  const form = page.locator('form').filter({ has: accountNumber });
  const submit = form.locator('button[type="submit"], input[type="submit"]');
  await expect(submit).toBeVisible();
  await expect(submit).toHaveAccessibleName(/\S/);
});

test('GET /api/health answers 200 with status ok', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('the home page has no horizontal scroll at 360 px', { tag: '@phone-only' }, async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/');
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(clientWidth).toBe(360);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
});
