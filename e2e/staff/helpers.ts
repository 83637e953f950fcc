import { randomBytes } from 'node:crypto';
import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { hashPassword } from '../../lib/domain/staff/password-hash';
import { DEV_STAFF_TOTP_KEY, sealSecret } from '../../lib/domain/staff/secret-box';
import { newTotpSecret, totpCodeAt } from '../../lib/domain/staff/totp';
import { queryE2eDatabase } from '../auth/helpers';

export type E2eStaff = {
  id: number;
  email: string;
  password: string;
  role: string;
  totpSecret: string | null;
};

/**
 * A staff member of the e2e database with a known password and (for SUPERVISOR and ADMIN, or
 * when asked) a known TOTP secret, sealed with the development key the e2e app runs with.
 */
export async function createE2eStaff(
  role: 'SUPPORT' | 'SUPERVISOR' | 'ADMIN',
  options: { totp?: boolean } = {},
): Promise<E2eStaff> {
  const password = `e2e-${randomBytes(8).toString('hex')}`;
  const email = `${role.toLowerCase()}-${randomBytes(5).toString('hex')}@e2e.example`;
  const totpSecret = (options.totp ?? role !== 'SUPPORT') ? newTotpSecret() : null;
  const rows = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO staff_user (email, name, role, password_hash, totp_secret, totp_enrolled_at)
     VALUES ($1, $2, $3::staff_role, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END)
     RETURNING id`,
    [
      email,
      `E2E ${role.toLowerCase()} ${email.slice(-16, -12)}`,
      role,
      await hashPassword(password, { N: 1024, r: 8, p: 1 }),
      totpSecret ? sealSecret(totpSecret, DEV_STAFF_TOTP_KEY) : null,
    ],
  );
  return { id: (rows[0] as { id: number }).id, email, password, role, totpSecret };
}

/** The next code not yet used: waits for a fresh 30-second step when the current one was used. */
const usedSteps = new Map<string, number>();
async function freshCode(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  if ((usedSteps.get(secret) ?? -1) >= step) {
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  usedSteps.set(secret, step);
  return totpCodeAt(secret, new Date());
}

/** Signs in through the console's forms in a browser page. */
export async function signInStaff(page: Page, staff: E2eStaff): Promise<void> {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Службова пошта').fill(staff.email);
  await page.getByLabel('Пароль').fill(staff.password);
  await page.getByRole('button', { name: 'Увійти' }).click();
  if (staff.totpSecret) {
    await expect(page).toHaveURL(/\/staff\/sign-in\/code/);
    await page.getByLabel('Код із застосунку').fill(await freshCode(staff.totpSecret));
    await page.getByRole('button', { name: 'Підтвердити' }).click();
  }
  await expect(page).toHaveURL(/\/staff(\?|$)/);
}

/** Signs in with plain form posts (no browser): the request context then holds the cookie. */
export async function signInStaffRequest(
  request: APIRequestContext,
  baseURL: string,
  staff: E2eStaff,
): Promise<void> {
  const headers = { origin: baseURL };
  const first = await request.post('/staff/sign-in/submit', {
    form: { email: staff.email, password: staff.password, back: '/staff' },
    headers,
    maxRedirects: 0,
  });
  expect(first.status()).toBe(303);
  if (staff.totpSecret) {
    expect(first.headers().location).toContain('/staff/sign-in/code');
    const second = await request.post('/staff/sign-in/code/submit', {
      form: { code: await freshCode(staff.totpSecret), back: '/staff' },
      headers,
      maxRedirects: 0,
    });
    expect(second.status()).toBe(303);
    expect(second.headers().location).toBe('/staff');
  } else expect(first.headers().location).toBe('/staff');
}
