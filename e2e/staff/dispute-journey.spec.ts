import { randomInt } from 'node:crypto';
import { devices, expect, type Page, test } from '@playwright/test';
import { expectSignedInTo, latestSmsCode, queryE2eDatabase } from '../auth/helpers';
import { expectNoAxeViolations } from '../axe';
import { createE2eStaff, signInStaff } from './helpers';

/**
 * The dispute journey across devices (issue "Support console", DESIGN rule 7): a resident opens
 * a dispute on a phone in Ukrainian; a support operator on a laptop finds the account by the
 * holder's surname, reads why it owes, and accepts the dispute with a correction above the
 * four-eyes threshold (nothing posted yet); a supervisor approves it; the resident sees the
 * answer and the corrected balance. Every console page on the way passes an axe scan.
 *
 * The account is a seeded debtor on the call list that no other spec uses (the resident dispute
 * spec takes the highest such account; this one skips the top ten).
 */
test.describe.configure({ mode: 'serial' });

async function seededDebtor() {
  const rows = await queryE2eDatabase<{
    id: number;
    number: string;
    holder_name: string;
    balance_kopecks: number;
  }>(
    `SELECT a.id, a.number, a.holder_name, a.balance_kopecks FROM account a
      WHERE a.number NOT IN ('1111111116','2222222222','3333333338','4444444444','5555555555')
        AND EXISTS (SELECT 1 FROM call_list_entry e WHERE e.account_id = a.id AND e.removed_at IS NULL)
        AND EXISTS (SELECT 1 FROM phone p WHERE p.account_id = a.id AND p.kind = 'MOBILE' AND p.callable)
        AND NOT EXISTS (SELECT 1 FROM dispute d WHERE d.account_id = a.id)
      ORDER BY a.id DESC OFFSET 10 LIMIT 1`,
  );
  const row = rows[0];
  if (!row) throw new Error('no seeded debtor on the call list');
  return row;
}

const uah = (kopecks: number) =>
  `${new Intl.NumberFormat('uk-UA', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kopecks / 100)}`;

async function residentSignIn(page: Page, number: string) {
  await page.goto('/sign-in?method=sms');
  await page.locator('#account-number').fill(number);
  await page.getByRole('button', { name: 'Надіслати код' }).click();
  await expect(page).toHaveURL(/\/sign-in\/code\?/);
  await page.locator('#sms-code').fill(await latestSmsCode(number));
  await page.getByRole('button', { name: 'Увійти' }).click();
  await expectSignedInTo(page, number);
}

test('resident opens a dispute on a phone; support resolves with a correction; a supervisor approves; the resident sees it', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const debtor = await seededDebtor();
  const surname = debtor.holder_name.split(' ')[0] as string;
  const firstName = debtor.holder_name.split(' ')[1] as string;

  // 1. The resident, on a phone, in Ukrainian.
  const phone = await browser.newContext({
    ...devices['Pixel 7'],
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': `10.91.${randomInt(256)}.${randomInt(1, 255)}` },
  });
  const resident = await phone.newPage();
  await residentSignIn(resident, debtor.number);
  await resident.goto('/account/disputes');
  await resident.getByLabel('Неправильна площа').check();
  await resident
    .getByLabel('Опишіть проблему')
    .fill('Площа у рахунку більша, ніж у техпаспорті квартири.');
  await resident.getByRole('button', { name: 'Надіслати звернення' }).click();
  await expect(resident).toHaveURL(/\/account\/disputes\/\d+\?opened=1/);
  const disputePath = new URL(resident.url()).pathname;
  const disputeId = Number(disputePath.split('/').pop());

  // 2. Support, on a laptop: search by surname and first name, read the account, answer.
  const laptop = await browser.newContext({
    ...devices['Desktop Chrome'],
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': `10.92.${randomInt(256)}.${randomInt(1, 255)}` },
  });
  const support = await laptop.newPage();
  await signInStaff(support, await createE2eStaff('SUPPORT'));
  await expectNoAxeViolations(support);
  await support
    .getByLabel('Номер рахунку, адреса, ПІБ або телефон')
    .fill(`${surname.toLowerCase()} ${firstName}`);
  await support.getByLabel('Шукати як').selectOption('name');
  await support.getByRole('button', { name: 'Знайти' }).click();
  const formatted = `${debtor.number.slice(0, 4)} ${debtor.number.slice(4, 8)} ${debtor.number.slice(8)}`;
  await expect(support.getByRole('table')).toContainText(formatted);
  await expectNoAxeViolations(support);
  await support.getByRole('link', { name: formatted }).click();
  await expect(support.getByRole('heading', { level: 1 })).toHaveText(`Рахунок ${formatted}`);
  await expect(support.locator('#why').locator('..')).toContainText('До сплати');
  await expect(support.getByText('відкрите звернення', { exact: false }).first()).toBeVisible();
  await expectNoAxeViolations(support);
  const viewed = await queryE2eDatabase<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'account.view' AND account_id = $1`,
    [debtor.id],
  );
  expect(viewed[0]?.n).toBeGreaterThan(0);

  await support.goto('/staff/disputes');
  await expectNoAxeViolations(support);
  await support.getByRole('link', { name: `№${disputeId}`, exact: true }).click();
  await expectNoAxeViolations(support);
  await support.getByRole('button', { name: 'Взяти в роботу' }).click();
  await expect(support.getByText('Звернення взято в роботу.')).toBeVisible();
  await support
    .getByLabel('Відповідь мешканцю (причина рішення)')
    .fill('Площу перевірено за техпаспортом; нарахування зменшено.');
  await support.getByLabel('Сума коригування, грн (порожньо — без коригування)').fill('1 200,00');
  await support
    .getByLabel('Підстава коригування (для обліку)')
    .fill('Перерахунок площі за техпаспортом');
  await support.getByRole('button', { name: 'Зберегти рішення' }).click();
  await expect(
    support.getByText('Коригування перевищує поріг і чекає на затвердження'),
  ).toBeVisible();
  const balanceBefore = (
    await queryE2eDatabase<{ b: number }>(
      'SELECT balance_kopecks AS b FROM account WHERE id = $1',
      [debtor.id],
    )
  )[0]?.b as number;
  expect(balanceBefore).toBe(debtor.balance_kopecks); // nothing posted yet
  for (const path of ['/staff/approvals', '/staff/payments', '/staff/security']) {
    await support.goto(path);
    await expectNoAxeViolations(support);
  }
  // Support cannot approve (no button; and the action itself is 403: role-matrix.spec.ts).
  await support.goto('/staff/approvals');
  await expect(support.getByRole('button', { name: 'Затвердити' })).toHaveCount(0);

  // 3. A supervisor approves.
  const supervisorContext = await browser.newContext({
    ...devices['Desktop Chrome'],
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': `10.93.${randomInt(256)}.${randomInt(1, 255)}` },
  });
  const supervisor = await supervisorContext.newPage();
  await signInStaff(supervisor, await createE2eStaff('SUPERVISOR'));
  await supervisor.goto('/staff/approvals');
  await expectNoAxeViolations(supervisor);
  const row = supervisor.getByRole('row').filter({ hasText: formatted });
  await row.getByRole('button', { name: 'Затвердити' }).click();
  await expect(supervisor.getByText('Коригування затверджено і проведено.')).toBeVisible();
  await supervisor.goto('/staff/audit?action=adjustment.');
  await expect(supervisor.getByRole('table')).toContainText('adjustment.approve');
  await expectNoAxeViolations(supervisor);

  // 4. The resident sees the answer and the corrected balance.
  await resident.goto(disputePath);
  await expect(resident.getByTestId('dispute-status')).toContainText(/Задоволено|Вирішено/);
  await expect(resident.locator('main')).toContainText(
    'Площу перевірено за техпаспортом; нарахування зменшено.',
  );
  await resident.goto('/account');
  await expect(resident.locator('main')).toContainText(uah(debtor.balance_kopecks - 120_000));
  const after = await queryE2eDatabase<{ b: number }>(
    'SELECT balance_kopecks AS b FROM account WHERE id = $1',
    [debtor.id],
  );
  expect(after[0]?.b).toBe(debtor.balance_kopecks - 120_000);

  await phone.close();
  await laptop.close();
  await supervisorContext.close();
});
