import { expect, test } from '@playwright/test';
import { fixtureByKey } from '../../prisma/seed/fixtures';
import { otherFixturesData, signIn, useOwnClientAddress, visibleText } from './helpers';

/**
 * DESIGN rule 6: the resident pages show only the account in the session. Nothing in a URL, a
 * query string or a form can point them at another account; signed out, they show nothing.
 */
const RESIDENT_PAGES = ['/account', '/account/statement', '/account/bill/2026-10'];

test.beforeEach(async ({ page }, testInfo) => {
  await useOwnClientAddress(page, testInfo);
});

test('signed out, every resident page sends to sign-in and shows no account data', async ({
  page,
}) => {
  const victim = fixtureByKey('CALL_LIST_DEBTOR');
  for (const path of RESIDENT_PAGES) {
    const response = await page.goto(`${path}?account=${victim.number}`);
    expect(response?.status(), path).toBe(200);
    await expect(page, path).toHaveURL(/\/sign-in\?/);
    expect(new URL(page.url()).searchParams.get('back')).toBe(path);
    const text = await visibleText(page);
    expect(text).not.toContain(victim.holderName);
    expect(text).not.toContain('Коваленко');
  }
});

test('signed in as one resident, tampered URLs still show only that account', async ({ page }) => {
  const mine = await signIn(page, 'PAID_UP');
  const victim = fixtureByKey('DISPUTED_DEBTOR');
  const forbidden = otherFixturesData('PAID_UP');
  const tampered = [
    `/account?account=${victim.number}`,
    `/account?accountId=1&accountNumber=${victim.number}`,
    `/account/statement?account=${victim.number}&accountId=5`,
    `/account/bill/2026-10?account=${victim.number}`,
  ];
  for (const path of tampered) {
    await page.goto(path);
    await expect(page.locator('main'), path).toContainText('3333 3333 38');
    const text = await visibleText(page);
    for (const secret of forbidden) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
  }
  expect(mine.number).toBe('3333333338');

  // Guessed URLs with another account in the path are not pages at all.
  for (const path of [
    `/account/${victim.number}`,
    `/account/statement/${victim.number}`,
    `/account/bill/2026-10/${victim.number}`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const text = await visibleText(page);
    for (const secret of forbidden) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
  }
});

test('the switcher refuses accounts the session has not proved', async ({ page, baseURL }) => {
  await signIn(page, 'SMS_DEBTOR');
  // Guess the ids of the other fixtures (small integers in a seeded database).
  let switched = 0;
  for (let accountId = 1; accountId <= 12; accountId++) {
    const response = await page.request.post('/account/switch', {
      form: { accountId: String(accountId), back: '/account' },
      headers: { origin: baseURL ?? '' },
      maxRedirects: 0,
    });
    // Only the session's own account may answer with a redirect; every other id is 404.
    expect([303, 404], `accountId ${accountId}`).toContain(response.status());
    if (response.status() === 303) switched++;
  }
  expect(switched).toBeLessThanOrEqual(1);
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('4444 4444 44');
});

test('a tampered session cookie is no session', async ({ page, context }) => {
  await signIn(page, 'RECENT_DEBTOR');
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name.includes('session-token'));
  expect(session, 'a session cookie').toBeDefined();
  if (!session) return;
  const flipped = `${session.value.slice(0, -4)}${session.value.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  await context.addCookies([{ ...session, value: flipped }]);
  await page.goto('/account/statement');
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.locator('body')).not.toContainText('Бондаренко');
});
