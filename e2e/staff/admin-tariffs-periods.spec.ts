import { expect, test } from '@playwright/test';
import { queryE2eDatabase } from '../auth/helpers';
import { expectNoAxeViolations } from '../axe';
import { createE2eStaff, signInStaff } from './helpers';

/**
 * Administration on a laptop (issue 10): an admin previews a new rate for a month to come on
 * the real demo data, schedules it, sees it in the history and withdraws it; the periods page
 * offers the next month's close with its explanation (the close itself runs in an integration
 * test of its own database: closing a month here would change every other spec's balances).
 * Every page passes an axe scan; a supervisor sees only the dashboard in the menu.
 */
test.describe.configure({ mode: 'serial' });

test('an admin previews, schedules and withdraws a rate; the periods page offers the close', async ({
  page,
}) => {
  const admin = await createE2eStaff('ADMIN');
  await signInStaff(page, admin);
  await page.getByRole('link', { name: 'Адміністрування' }).click();
  await expect(page.getByRole('heading', { name: 'Адміністрування' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page
    .getByRole('navigation', { name: 'Адміністрування' })
    .getByRole('link', { name: 'Тарифи' })
    .click();
  await expect(page.getByRole('heading', { name: 'Тарифи', exact: true })).toBeVisible();
  await expectNoAxeViolations(page);

  // A month far ahead so no other run's rate is in the way; the rate in force then is today's.
  const [category] = await queryE2eDatabase<{ id: number; name_uk: string }>(
    `SELECT id, name_uk FROM tariff_category ORDER BY id LIMIT 1`,
  );
  const month = `2030-${String(1 + (Date.now() % 12)).padStart(2, '0')}`;
  await page.getByRole('link', { name: category?.name_uk ?? '' }).click();
  await page.getByLabel('Діє з місяця (РРРР-ММ)').fill(month);
  await page.getByLabel('Ставка, грн за м² на місяць').fill('9,99');
  await page.getByRole('button', { name: 'Розрахувати вплив' }).click();
  const preview = page.locator('#preview');
  await expect(preview).toContainText('→ 9,99');
  await expect(preview).toContainText('(медіана)');
  await expect(preview).toContainText('рахунків');
  await expectNoAxeViolations(page);
  await preview.getByRole('button', { name: /Запланувати/ }).click();
  await expect(page.getByRole('status')).toContainText('Тариф заплановано');
  const row = page.getByRole('row').filter({ hasText: month });
  await expect(row).toContainText('заплановано');
  await expect(row).toContainText('9,99');
  const [tariff] = await queryE2eDatabase<{ n: number }>(
    `SELECT count(*)::int AS n FROM tariff WHERE effective_from = $1::date AND rate_kopecks_per_sqm = 999
        AND created_by_id = $2`,
    [`${month}-01`, admin.id],
  );
  expect(tariff?.n).toBe(1);
  await row.getByRole('button', { name: 'Скасувати' }).click();
  await expect(page.getByRole('status')).toContainText('Запланований тариф скасовано');
  await expect(page.getByRole('row').filter({ hasText: month })).toHaveCount(0);

  // A rate cannot reach back into a closed month (the form's own minimum aside): the page says
  // why, offers nothing to schedule, and nothing changes.
  const [service] = await queryE2eDatabase<{ id: number }>(
    `SELECT id FROM service_component ORDER BY sort_order LIMIT 1`,
  );
  await page.goto(
    `/staff/admin/tariffs?categoryId=${category?.id}&serviceId=${service?.id}&month=2025-01&rate=1,00`,
  );
  await expect(page.getByRole('alert').filter({ hasText: 'Перевірте дані' })).toContainText(
    'попередні місяці закрито',
  );
  await expect(page.locator('#preview')).toHaveCount(0);

  await page.goto('/staff/admin/periods');
  await expect(page.getByRole('heading', { name: 'Розрахункові періоди' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Закрити \d{4}-\d{2}/ })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Розрахункові періоди і звіти закриття' }),
  ).toContainText('закритий');
  await expectNoAxeViolations(page);
});

test('a supervisor sees only the dashboard among the administration pages', async ({ page }) => {
  const supervisor = await createE2eStaff('SUPERVISOR');
  await signInStaff(page, supervisor);
  await page.goto('/staff/admin');
  const menu = page.getByRole('navigation', { name: 'Адміністрування' });
  await expect(menu.getByRole('link')).toHaveText(['Показники стягнення']);
  const response = await page.goto('/staff/admin/tariffs');
  expect(response?.status()).toBe(403);
});
