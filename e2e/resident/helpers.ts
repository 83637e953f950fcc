import { createHash } from 'node:crypto';
import {
  type APIRequestContext,
  type APIResponse,
  expect,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { type FixtureAccount, type FixtureKey, fixtureByKey } from '../../prisma/seed/fixtures';
import { expectNoAxeViolations, expectNoHorizontalScroll } from '../axe';

/**
 * A client address of its own for each test and project: the look-up and sign-in limits are
 * counted per client (a keyed hash of X-Real-IP / the last X-Forwarded-For entry), so tests that
 * share one address would throttle each other.
 */
export function clientIpFor(testInfo: TestInfo, salt = ''): string {
  const digest = createHash('sha256')
    .update(`${testInfo.project.name}|${testInfo.testId}|${testInfo.repeatEachIndex}|${salt}`)
    .digest();
  return `10.${digest[0] ?? 0}.${digest[1] ?? 0}.${(digest[2] ?? 0) % 254 || 1}`;
}

export async function useOwnClientAddress(page: Page, testInfo: TestInfo): Promise<string> {
  const ip = clientIpFor(testInfo);
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': ip });
  return ip;
}

/** Axe (WCAG 2.1 A/AA) and no horizontal scroll at 360 px, then back to the project's size. */
export async function expectAccessibleAt360(page: Page): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoHorizontalScroll(page);
  await expectNoAxeViolations(page);
  if (size) await page.setViewportSize(size);
}

/**
 * All text of the page's elements, hidden ones included (screen-reader text, closed <details>),
 * but not scripts: Next's payload echoes the request URL, which a test may have tampered with.
 */
export async function visibleText(page: Page): Promise<string> {
  return page.locator('body').evaluate((body) => {
    const copy = body.cloneNode(true);
    if (!(copy instanceof Element)) return '';
    for (const script of copy.querySelectorAll('script, template')) script.remove();
    return copy.textContent ?? '';
  });
}

/** Intl's no-break spaces as plain ones, to compare page text with expected strings. */
export function plain(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

export type PublicSummary = {
  accountNumber: string;
  address: string;
  holder: string;
  amountDue: number;
  overdue: number;
  overdueMonths: number;
  onCallList: boolean;
};

export async function publicSummary(
  request: APIRequestContext,
  accountNumber: string,
): Promise<PublicSummary> {
  const response = await request.get(`/api/v1/accounts/${accountNumber}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as PublicSummary;
}

/** Signs in through the bill-code form (no shortcuts): the resident lands on `back`. */
export async function signIn(
  page: Page,
  key: FixtureKey,
  back = '/account',
): Promise<FixtureAccount> {
  const fixture = fixtureByKey(key);
  await page.goto(`/sign-in?back=${encodeURIComponent(back)}`);
  await page.getByLabel('Номер особового рахунку').fill(fixture.number);
  await page.getByLabel('Код доступу з квитанції').fill(fixture.billAccessCode);
  await page.getByRole('button', { name: 'Увійти', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${back.replace(/[/]/g, '\\/')}$`));
  return fixture;
}

/** Every fixture's identifying data except `keep`'s: none of it may appear on `keep`'s pages. */
export function otherFixturesData(keep: FixtureKey): string[] {
  const all: FixtureKey[] = [
    'CALL_LIST_DEBTOR',
    'RECENT_DEBTOR',
    'PAID_UP',
    'SMS_DEBTOR',
    'DISPUTED_DEBTOR',
  ];
  return all
    .filter((key) => key !== keep)
    .flatMap((key) => {
      const fixture = fixtureByKey(key);
      const surname = fixture.holderName.split(' ')[0] ?? fixture.holderName;
      return [surname, fixture.number, fixture.number.replace(/(\d{4})(?=\d)/g, '$1 ')];
    });
}

/**
 * A GET that is retried once when the server reset a kept-alive connection the request context
 * reused just as the server closed it for idleness (Node closes idle sockets after 5 s): what a
 * browser does for an idempotent request. Any other failure, and any HTTP status, is returned
 * or thrown as it is.
 */
export async function getIdempotent(request: APIRequestContext, url: string): Promise<APIResponse> {
  try {
    return await request.get(url);
  } catch (error) {
    if (!String(error).includes('ECONNRESET')) throw error;
    return request.get(url);
  }
}
