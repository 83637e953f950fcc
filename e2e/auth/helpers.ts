import { randomInt } from 'node:crypto';
import { expect, type Page, type TestInfo } from '@playwright/test';
import pg from 'pg';

/** Fixture accounts (prisma/seed/fixtures.ts, docs/demo-data.md). */
export const FIXTURES = {
  debtor: { number: '1111111116', code: '11110001', holder: 'Коваленко' },
  recent: { number: '2222222222', code: '22220002', holder: 'Бондаренко' },
  paid: { number: '3333333338', code: '33330003', holder: 'Ткаченко' },
} as const;

/**
 * Each test acts as its own client (a random address in X-Forwarded-For: the e2e app trusts
 * its loopback peer as a proxy), so that the per-client limits of one test do not spill over.
 */
export async function actAsFreshClient(page: Page): Promise<void> {
  await page.context().setExtraHTTPHeaders({
    'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`,
  });
}

/** Queries the database of the app under test (e2e/global-setup.ts exports its URL). */
export async function queryE2eDatabase<T extends pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const connectionString = process.env.E2E_DATABASE_URL;
  if (!connectionString)
    throw new Error('E2E_DATABASE_URL is not set (run through playwright test)');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The newest sign-in code the (log) SMS transport sent to the account, read from sms_message. */
export async function latestSmsCode(accountNumber: string): Promise<string> {
  const rows = await queryE2eDatabase<{ body: string }>(
    `SELECT m.body FROM sms_message m JOIN account a ON a.id = m.account_id
      WHERE a.number = $1 AND m.kind = 'ONE_TIME_CODE' AND m.status = 'SENT'
      ORDER BY m.id DESC LIMIT 1`,
    [accountNumber],
  );
  const code = /\b([0-9]{6})\b/.exec(rows[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no SMS code was sent to ${accountNumber}`);
  return code;
}

/**
 * A seeded, non-fixture account with a callable mobile phone that no other test uses: chosen by
 * the test's title and project, so parallel tests and projects never share one.
 */
export async function spareAccount(
  testInfo: TestInfo,
  slot: number,
): Promise<{ id: number; number: string }> {
  const projectIndex = testInfo.project.name === 'phone' ? 1 : 0;
  const rows = await queryE2eDatabase<{ id: number; number: string }>(
    `SELECT a.id, a.number FROM account a
      WHERE a.number NOT IN ('1111111116','2222222222','3333333338','4444444444','5555555555')
        AND EXISTS (SELECT 1 FROM phone p WHERE p.account_id = a.id AND p.kind = 'MOBILE' AND p.callable)
      ORDER BY a.id OFFSET $1 LIMIT 1`,
    [1000 + slot * 2 + projectIndex],
  );
  const row = rows[0];
  if (!row) throw new Error('no spare account in the demo data');
  return row;
}

export async function accountId(accountNumber: string): Promise<number> {
  const rows = await queryE2eDatabase<{ id: number }>('SELECT id FROM account WHERE number = $1', [
    accountNumber,
  ]);
  const row = rows[0];
  if (!row) throw new Error(`no account ${accountNumber}`);
  return row.id;
}

/** Signs in with the bill access code through the form (no shortcuts). */
export async function signInWithBillCode(
  page: Page,
  account: { number: string; code: string },
  path = '/sign-in',
): Promise<void> {
  await page.goto(path);
  await page.locator('#account-number').fill(account.number);
  await page.locator('#bill-code').fill(account.code);
  await page
    .locator('form')
    .filter({ has: page.locator('#bill-code') })
    .locator('button[type=submit]')
    .click();
}

export async function expectSignedInTo(page: Page, accountNumber: string): Promise<void> {
  await expect(page).toHaveURL(/\/account$/);
  const grouped = accountNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
  await expect(page.locator('h1')).toContainText(grouped);
}
