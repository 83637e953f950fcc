import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from '../axe';
import {
  accountId,
  actAsFreshClient,
  expectSignedInTo,
  FIXTURES,
  signInWithBillCode,
} from './helpers';

test.beforeEach(async ({ page }) => {
  await actAsFreshClient(page);
});

const SESSION_COOKIE = 'authjs.session-token';

test('signing in to a second account links it; the switcher moves between them', async ({
  page,
  baseURL,
}) => {
  await signInWithBillCode(page, FIXTURES.debtor);
  await expectSignedInTo(page, FIXTURES.debtor.number);

  await page.goto('/sign-in');
  await expect(page.locator('main')).toContainText('Ви вже увійшли до рахунку 1111 1111 16');
  await expectNoAxeViolations(page);
  await signInWithBillCode(page, FIXTURES.recent);
  await expectSignedInTo(page, FIXTURES.recent.number);
  await expect(page.locator('main')).toContainText(FIXTURES.recent.holder);

  await page.getByRole('button', { name: /1111 1111 16/ }).click();
  await expectSignedInTo(page, FIXTURES.debtor.number);
  await expect(page.locator('main')).toContainText(FIXTURES.debtor.holder);
  await expect(page.locator('main')).not.toContainText(`${FIXTURES.recent.holder} Олег`);

  // A tampered switcher field (an account this session never proved) → 404, nothing changes.
  const foreign = await accountId(FIXTURES.paid.number);
  const response = await page.request.post('/account/switch', {
    form: { accountId: String(foreign), back: '/account' },
    headers: { origin: baseURL ?? '' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(404);
  expect(await response.text()).not.toContain(FIXTURES.paid.holder);
  await page.goto('/account');
  await expectSignedInTo(page, FIXTURES.debtor.number);

  // A cross-site post to the switcher is refused (CSRF).
  const linked = await accountId(FIXTURES.recent.number);
  const crossSite = await page.request.post('/account/switch', {
    form: { accountId: String(linked) },
    headers: { origin: 'https://evil.example' },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);

  // Sign-out clears every linked account.
  await page.getByRole('button', { name: 'Вийти' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in\?back=/);
});

test('guessed URLs and query strings never show another account', async ({ page }) => {
  await signInWithBillCode(page, FIXTURES.debtor);
  await expectSignedInTo(page, FIXTURES.debtor.number);
  const other = await accountId(FIXTURES.recent.number);
  for (const path of [
    `/account?accountId=${other}`,
    `/account?account=${FIXTURES.recent.number}`,
    `/account/statement?accountId=${other}&account=${FIXTURES.recent.number}`,
    `/account/${other}`,
    `/account/statement/${FIXTURES.recent.number}`,
    `/account/bill/2026-10?account=${FIXTURES.recent.number}`,
  ]) {
    const response = await page.goto(path);
    const body = await page.content();
    expect(body, path).not.toContain(FIXTURES.recent.holder);
    expect(body, path).not.toContain('2222 2222 22');
    expect([200, 404], path).toContain(response?.status());
  }
});

test('a forged or altered session cookie counts as signed out', async ({
  page,
  context,
  baseURL,
}) => {
  await signInWithBillCode(page, FIXTURES.debtor);
  await expectSignedInTo(page, FIXTURES.debtor.number);
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');
  const value = session?.value ?? '';
  expect(value.length).toBeGreaterThan(40);

  const url = baseURL ?? '';
  // An unsigned JWT claiming another account.
  const encode = (data: unknown) => Buffer.from(JSON.stringify(data)).toString('base64url');
  const other = await accountId(FIXTURES.recent.number);
  const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    sub: String(other),
    resident: { current: other, accounts: [{ id: other, number: FIXTURES.recent.number }] },
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}.`;
  const middle = Math.floor(value.length / 2);
  const altered = `${value.slice(0, middle)}${value[middle] === 'A' ? 'B' : 'A'}${value.slice(middle + 1)}`;

  for (const forged of [unsigned, altered, 'garbage']) {
    await context.clearCookies();
    await context.addCookies([{ name: SESSION_COOKIE, value: forged, url }]);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/sign-in\?back=%2Faccount$/);
    expect(await page.content()).not.toContain(FIXTURES.recent.holder);
    expect(await page.content()).not.toContain(FIXTURES.debtor.holder);
  }
});

test('security headers on pages and API responses', async ({ page, request }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/sign-in');
  const headers = response?.headers() ?? {};
  const csp = headers['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
  // Served over plain http here: no HSTS (it is sent only in production over https).
  expect(headers['strict-transport-security']).toBeUndefined();
  // Next's inline scripts carry this response's nonce; a second response gets another one.
  const inline = await page
    .locator('script:not([src])')
    .evaluateAll((scripts) => scripts.map((script) => script.nonce));
  expect(inline.length).toBeGreaterThan(0);
  expect(new Set(inline)).toEqual(new Set([nonce]));
  const again = await request.get('/sign-in');
  expect(again.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);
  expect(violations).toEqual([]);

  const api = await request.get('/api/health');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(api.headers()['x-frame-options']).toBe('DENY');
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
});
