import { type APIRequestContext, expect } from '@playwright/test';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED } from '../../prisma/seed/defaults';
import { FIXTURE_ACCOUNTS } from '../../prisma/seed/fixtures';
import { accountSlots, generateAccount, planBuildings } from '../../prisma/seed/households';

const DIALER_KEY = process.env.DEMO_DIALER_API_KEY ?? 'kvp_demo_dialer_key_change_me';

export type DemoDebtor = { number: string; billAccessCode: string };

/**
 * The demo's generated accounts (not the fixtures) that the dialer calls right now, with their
 * bill codes: the demo data is deterministic (prisma/seed/households.ts, the default seed), so
 * a journey that pays debts can use accounts no other test relies on. In the dialer's order.
 */
export async function generatedDebtorsOnCallList(
  request: APIRequestContext,
): Promise<DemoDebtor[]> {
  const ordinary = DEFAULT_ACCOUNTS - FIXTURE_ACCOUNTS.length;
  const codes = new Map<string, string>();
  for (const slot of accountSlots(planBuildings(DEFAULT_SEED, ordinary), ordinary)) {
    const account = generateAccount(
      DEFAULT_SEED,
      slot.index,
      slot.buildingIndex,
      slot.apartment,
      slot.category,
    );
    codes.set(account.number, account.billAccessCode);
  }
  const response = await request.get('/api/v1/call-list', {
    headers: { authorization: `Bearer ${DIALER_KEY}` },
  });
  expect(response.status()).toBe(200);
  const list = (await response.json()) as { entries: { accountNumber: string }[] };
  return list.entries.flatMap((entry) => {
    const billAccessCode = codes.get(entry.accountNumber);
    return billAccessCode ? [{ number: entry.accountNumber, billAccessCode }] : [];
  });
}

export async function dialerChangesSince(
  request: APIRequestContext,
  cursor: string,
): Promise<{ accountNumber: string; action: string; reason: string }[]> {
  const response = await request.get(`/api/v1/call-list/changes?after=${cursor}`, {
    headers: { authorization: `Bearer ${DIALER_KEY}` },
  });
  expect(response.status()).toBe(200);
  return (
    (await response.json()) as {
      changes: { accountNumber: string; action: string; reason: string }[];
    }
  ).changes;
}

export async function dialerCursor(request: APIRequestContext): Promise<string> {
  const response = await request.get('/api/v1/call-list', {
    headers: { authorization: `Bearer ${DIALER_KEY}` },
  });
  return ((await response.json()) as { cursor: string }).cursor;
}
