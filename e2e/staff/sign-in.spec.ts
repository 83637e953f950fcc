import { randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { totpCodeAt } from '../../lib/domain/staff/totp';
import { queryE2eDatabase } from '../auth/helpers';
import { expectNoAxeViolations } from '../axe';
import { createE2eStaff } from './helpers';

/**
 * Staff sign-in in a browser: a SUPERVISOR without a second factor must enrol with the QR code
 * before the console opens; a wrong password is one message; the resident's sign-in page is
 * another door. Axe on each step.
 */
test.beforeEach(async ({ page }) => {
  await page.context().setExtraHTTPHeaders({
    'x-forwarded-for': `10.94.${randomInt(256)}.${randomInt(1, 255)}`,
  });
});

test('a supervisor without a second factor enrols with the QR code, then the console opens', async ({
  page,
}) => {
  const staff = await createE2eStaff('SUPERVISOR', { totp: false });
  await page.goto('/staff/disputes');
  await expect(page).toHaveURL(/\/staff\/sign-in\?back=%2Fstaff%2Fdisputes/);
  await expectNoAxeViolations(page);
  await page.getByLabel('Службова пошта').fill(staff.email);
  await page.getByLabel('Пароль').fill('wrong password');
  await page.getByRole('button', { name: 'Увійти' }).click();
  await expect(page.getByText('Неправильна пошта, пароль або код.')).toBeVisible();
  await page.getByLabel('Службова пошта').fill(staff.email);
  await page.getByLabel('Пароль').fill(staff.password);
  await page.getByRole('button', { name: 'Увійти' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\/code/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Налаштуйте другий фактор входу',
  );
  await expect(page.getByAltText('QR-код для застосунку-автентифікатора')).toBeVisible();
  await expectNoAxeViolations(page);
  const secret = (await page.locator('code').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Код із застосунку').fill('000000');
  await page.getByRole('button', { name: 'Підтвердити' }).click();
  await expect(page.getByText('Неправильна пошта, пароль або код.')).toBeVisible();
  await page.getByLabel('Код із застосунку').fill(totpCodeAt(secret, new Date()));
  await page.getByRole('button', { name: 'Підтвердити' }).click();
  await expect(page).toHaveURL(/\/staff\/disputes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Звернення мешканців');
  const [row] = await queryE2eDatabase<{ enrolled: boolean }>(
    'SELECT totp_secret IS NOT NULL AS enrolled FROM staff_user WHERE id = $1',
    [staff.id],
  );
  expect(row?.enrolled).toBe(true);
  // Signing out ends the session; the cookie no longer opens anything.
  await page.getByRole('button', { name: 'Вийти' }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in\?notice=signed-out/);
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/staff\/sign-in/);
});
