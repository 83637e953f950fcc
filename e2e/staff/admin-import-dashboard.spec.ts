import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { withCheckDigit } from '../../lib/domain/accounts/account-number';
import { windows1251 } from '../../test/windows-1251';
import { queryE2eDatabase } from '../auth/helpers';
import { expectNoAxeViolations } from '../axe';
import {
  dialerChangesSince,
  dialerCursor,
  generatedDebtorsOnCallList,
} from '../resident/demo-debtors';
import { createE2eStaff, signInStaff } from './helpers';

/**
 * Issue 10 on a laptop: an admin uploads a bank's registry (Windows-1251, `;`, as Ukrainian
 * banks export it) with one payment that clears a demo debtor on the call list and one row of
 * every kind the import refuses; watches the import's progress page until it is done; downloads
 * the error report; sees the debtor leave the dialer's list (REMOVED, PAID in its changes feed);
 * and sees the bank payments on the collections dashboard go up by one.
 *
 * The debtor is a generated demo debtor of slot 9 (`Number(number) % 12`): pay-several uses
 * 0–5 and the payment-plan spec 6 and 7, so no other spec pays it.
 */
test('an admin imports a registry, reads the error report and sees the dashboard change', async ({
  page,
}) => {
  const debtor = (await generatedDebtorsOnCallList(page.request)).find(
    (d) => Number(d.number) % 12 === 9,
  );
  if (!debtor) throw new Error('no generated demo debtor of slot 9 on the call list');
  const [account] = await queryE2eDatabase<{ balance_kopecks: number }>(
    'SELECT balance_kopecks FROM account WHERE number = $1',
    [debtor.number],
  );
  const balance = account?.balance_kopecks ?? 0;
  const cursor = await dialerCursor(page.request);

  const admin = await createE2eStaff('ADMIN');
  await signInStaff(page, admin);
  const bankToday = async () => {
    await page.goto('/staff/admin/dashboard');
    const summary =
      (await page.getByRole('region', { name: 'Платежі по днях' }).textContent()) ?? '';
    const match = /через банк ([\d\s\u00a0\u202f]+) на/.exec(summary);
    return Number((match?.[1] ?? '').replace(/\D/g, ''));
  };
  const bankBefore = await bankToday();
  await expectNoAxeViolations(page);

  const tag = randomBytes(4).toString('hex');
  const today = new Intl.DateTimeFormat('uk-UA', {
    timeZone: 'Europe/Kyiv',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date());
  const amount = `${Math.floor(balance / 100)},${String(balance % 100).padStart(2, '0')}`;
  const wrongDigit = `${debtor.number.slice(0, -1)}${(Number(debtor.number.at(-1)) + 1) % 10}`;
  const lines = [
    'Особовий рахунок;Сума;Дата оплати;Платник;Референс',
    `${debtor.number};${amount};${today};Іваненко Ґ. Ї.;E2E-${tag}-1`,
    `${wrongDigit};100,00;${today};Петренко;E2E-${tag}-2`,
    `${withCheckDigit('999999999')};100,00;${today};Сидоренко;E2E-${tag}-3`,
    `${debtor.number};0,00;${today};Іваненко;E2E-${tag}-4`,
    `${debtor.number};10,00;31.12.2099;Іваненко;E2E-${tag}-5`,
    `${debtor.number};10,00;${today};Іваненко;`,
    `${debtor.number};11,00;${today};Іваненко;E2E-${tag}-1`,
  ];
  await page.goto('/staff/admin/imports');
  await expect(
    page.getByRole('heading', { name: 'Реєстри платежів з банків і пошти' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Файл реєстру (CSV)').setInputFiles({
    name: `registry-${tag}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(windows1251(`${lines.join('\r\n')}\r\n`)),
  });
  await page.getByRole('button', { name: 'Завантажити' }).click();
  await expect(page).toHaveURL(/\/staff\/admin\/imports\/\d+/);
  // The progress is on the page (it reloads itself every 2 s until the worker is done).
  await expect(page.locator('#import-progress')).toBeVisible();
  await expect(page.getByText('Оброблено 7 з 7 рядків').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Підсумок' })).toBeVisible({ timeout: 10_000 });
  const summary = page.getByRole('region', { name: 'Підсумок' });
  await expect(summary).toContainText('windows-1251');
  await expect(summary).toContainText('Зараховано1 платежів');
  await expect(summary).toContainText('Відхилено6');
  await expect(summary).toContainText('Знято зі списку дзвінків1 рахунків');
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Завантажити звіт про помилки (CSV)' }).click(),
  ]);
  const report = (await download.createReadStream()).toArray();
  const text = Buffer.concat((await report) as Buffer[]).toString('utf8');
  for (const reason of [
    'контрольна цифра не збігається',
    'немає такого особового рахунку',
    'нульова',
    'ще не настала',
    'немає референсу',
    'уже зараховано з іншим рахунком або сумою',
  ]) {
    expect(text, reason).toContain(reason);
  }
  expect(text).toContain(wrongDigit);

  // The bank payment took the debtor off the dialer's list, exactly like a card payment.
  const changes = await dialerChangesSince(page.request, cursor);
  expect(changes).toContainEqual(
    expect.objectContaining({ accountNumber: debtor.number, action: 'REMOVED', reason: 'PAID' }),
  );
  // And the dashboard counts it (the worker refreshes today's figures after an import).
  await expect.poll(bankToday, { timeout: 30_000 }).toBe(bankBefore + 1);
});
