import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from '../axe';
import { createE2eStaff, signInStaff } from './helpers';

/**
 * Dialer keys on a laptop (issue 10, part 4): an admin creates a key, sees it once, the dialer
 * reads its list with it, the admin revokes it and the very next request is refused. The
 * dialer page, the one-time key page and a registered push endpoint's card pass an axe scan.
 * (Delivery to a real receiver, retries and signatures: lib/domain/dialer integration tests.)
 */
test('an admin creates a dialer key, it works, and a revoked key is refused at once', async ({
  page,
}) => {
  const admin = await createE2eStaff('ADMIN');
  await signInStaff(page, admin);
  await page.goto('/staff/admin/dialer');
  await expect(page.getByRole('heading', { name: 'Інтеграція з системою обдзвону' })).toBeVisible();
  await expectNoAxeViolations(page);

  const name = `e2e ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Назва нового ключа').fill(name);
  await page.getByRole('button', { name: 'Створити ключ' }).click();
  await expect(page.getByText('Показано один раз.')).toBeVisible();
  const key = await page.locator('#secret').inputValue();
  expect(key).toMatch(/^kvp_/);
  await expectNoAxeViolations(page);

  const list = () =>
    page.request.get('/api/v1/call-list?limit=1', { headers: { authorization: `Bearer ${key}` } });
  expect((await list()).status()).toBe(200);

  await page.getByRole('link', { name: /Повернутися/ }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('діє');
  await row.getByRole('button', { name: /Відкликати/ }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('відкликано');
  expect((await list()).status()).toBe(401);

  // A push endpoint: registered with a signing secret shown once, then disabled (nothing here
  // listens on it, and the card must not fill the worker's log with failures).
  await page.goto('/staff/admin/dialer');
  await page
    .getByLabel('Адреса системи обдзвону (https)')
    .fill(`https://dialer-${name.slice(4)}.example/hook`);
  await page.getByRole('button', { name: 'Зареєструвати адресу' }).click();
  await expect(page.locator('#secret')).toHaveValue(/^whsec_/);
  await page.getByRole('link', { name: /Повернутися/ }).click();
  const card = page.getByRole('article', { name: new RegExp(`dialer-${name.slice(4)}`) });
  await expect(card).toBeVisible();
  await expectNoAxeViolations(page);
  await card.getByRole('button', { name: /Вимкнути/ }).click();
  await expect(
    page.getByRole('article', { name: new RegExp(`dialer-${name.slice(4)}`) }),
  ).toBeVisible();
});
