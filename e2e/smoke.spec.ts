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

test('the portal can be added to a home screen: manifest, icons and head links', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe('/manifest.webmanifest');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveCount(1);
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
  expect(manifest.name).toMatch(/\S/);
  expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  for (const icon of [
    ...manifest.icons.map((i) => i.src),
    '/favicon.ico',
    '/apple-touch-icon.png',
  ]) {
    const response = await request.get(icon);
    expect(response.status(), icon).toBe(200);
    expect(response.headers()['content-type'], icon).toMatch(/^image\//);
  }
});

test('Chromium finds the portal installable (only the test browser profile is not)', async ({
  page,
}) => {
  await page.goto('/');
  await page.waitForLoadState('load');
  const cdp = await page.context().newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
  expect(manifest.errors).toEqual([]);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's throw-away profile counts as incognito; anything else would be a real defect.
  expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);
});

test('robots.txt keeps account, payment and sign-in pages out of search engines', async ({
  request,
}) => {
  const response = await request.get('/robots.txt');
  expect(response.status()).toBe(200);
  const robots = await response.text();
  for (const path of ['/account', '/pay', '/receipts', '/sign-in', '/api/'])
    expect(robots).toContain(`Disallow: ${path}`);
  expect(robots).toMatch(/^Allow: \/$/m);
});

test('malformed URL encoding in a path is a 400, never a 500', async ({ request }) => {
  for (const path of ['/account/bill/%E0%A4%A', '/p/%FF', '/api/v1/accounts/%E0']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
  }
});

test('the OpenAPI document is cacheable for an hour and never sets a cookie', async ({
  request,
}) => {
  const response = await request.get('/api/v1/openapi.json', {
    headers: { cookie: 'authjs.session-token=whatever' },
  });
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('public, max-age=3600');
  expect(response.headers()['set-cookie']).toBeUndefined();
});

test('a server-action post from another site, or as JSON, is a 4xx, never a 500', async ({
  request,
}) => {
  const foreign = await request.post('/sign-in', {
    headers: { 'next-action': 'deadbeef', origin: 'https://evil.example' },
    form: { accountNumber: '1111111116', code: '11110001' },
  });
  expect(foreign.status()).toBe(403);
  const json = await request.post('/sign-in', {
    headers: { 'next-action': 'deadbeef', 'content-type': 'application/json' },
    data: { accountNumber: '1111111116' },
  });
  expect(json.status()).toBe(400);
});

test('the API skips the page proxy but keeps its security headers; HSTS only behind https', async ({
  request,
}) => {
  const plain = await request.get('/api/health', {
    headers: { cookie: 'authjs.session-token=whatever' },
  });
  expect(plain.headers()['content-security-policy']).toBe(
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  );
  expect(plain.headers()['x-content-type-options']).toBe('nosniff');
  expect(plain.headers()['strict-transport-security']).toBeUndefined();
  expect(plain.headers()['set-cookie']).toBeUndefined();
  const behindTls = await request.get('/api/health', {
    headers: { 'x-forwarded-proto': 'https' },
  });
  expect(behindTls.headers()['strict-transport-security']).toBe(
    'max-age=63072000; includeSubDomains',
  );
  // A page still gets its per-response nonce from the proxy.
  const page = await request.get('/');
  expect(page.headers()['content-security-policy']).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
});
