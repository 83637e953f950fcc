import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectNoHorizontalScroll } from '../axe';
import { clientIpFor } from './helpers';

/**
 * Look-ups are limited per client (30 per 5 minutes, counted in PostgreSQL, keyed by a hash of
 * X-Real-IP / the last X-Forwarded-For entry). This test spends the whole budget of an address
 * of its own, so no other test is throttled.
 */
const LIMIT = 30;

test('too many look-ups get a kind 429 page with Retry-After; other clients are unaffected', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(150_000);
  const throttled = { 'x-forwarded-for': clientIpFor(testInfo, 'throttled') };
  // Fixed windows: should one end while we count, the budget restarts once; so count until the
  // first refusal, which must come after exactly LIMIT look-ups (or within two windows). The
  // rest of the test needs the refusal to last: when the window ends within 30 s, wait for the
  // next one and exhaust it again.
  let allowed = 0;
  let refusal: Awaited<ReturnType<typeof request.get>> | null = null;
  for (let round = 0; round < 2; round++) {
    allowed = 0;
    refusal = null;
    while (refusal === null && allowed <= 2 * LIMIT) {
      const response = await request.get(`/?account=${allowed}`, {
        headers: throttled,
        maxRedirects: 0,
      });
      if (response.status() === 200) allowed++;
      else refusal = response;
    }
    const retry = Number(/retry=(\d+)/.exec(refusal?.headers().location ?? '')?.[1] ?? '0');
    if (retry >= 30) break;
    await new Promise((resolve) => setTimeout(resolve, (retry + 1) * 1000));
  }
  expect(allowed).toBeGreaterThanOrEqual(LIMIT);
  expect(refusal?.status()).toBe(307);
  expect(refusal?.headers().location).toMatch(/^\/lookup\/limited\?retry=\d+$/);

  await page.setExtraHTTPHeaders(throttled);
  await page.setViewportSize({ width: 360, height: 740 });
  const response = await page.goto('/?account=1111111116');
  expect(response?.status()).toBe(429);
  const retryAfter = Number(response?.headers()['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(300);
  await expect(page.locator('html')).toHaveAttribute('lang', 'uk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Забагато пошуків');
  await expect(
    page.getByText(/Спробуйте ще раз приблизно через \d+ хв \(о \d\d:\d\d\)/),
  ).toBeVisible();
  // Nothing about the account leaks to a throttled client.
  await expect(page.locator('body')).not.toContainText('К. І. М.');
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);

  // The kind message is in the resident's language too.
  const english = await request.get('/?account=1111111116', {
    headers: { ...throttled, 'accept-language': 'en' },
  });
  expect(english.status()).toBe(429);
  expect(await english.text()).toContain('Too many look-ups');

  // Another client still gets its answer.
  const other = await request.get('/?account=1111111116', {
    headers: { 'x-forwarded-for': clientIpFor(testInfo, 'other') },
  });
  expect(other.status()).toBe(200);
  expect(await other.text()).toContain('К. І. М.');
});
