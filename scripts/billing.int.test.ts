/**
 * `npm run billing` reads the configured billing rules exactly as the app does (issue: the CLI
 * once fell back to defaults and could compute a different call list from the webhook's).
 * Runs the real CLI in a child process against a database of its own.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import {
  createMigratedTestDatabase,
  type MigratedTestDatabase,
} from '@/test/integration/fresh-database';
import { addMonths, kyivMonthOf } from '../lib/dates';
import { refreshCallListEntry } from '../lib/domain/call-list/refresh-call-list-entry';
import { createPrismaClient, type PrismaClient } from '../lib/server/db';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

let db: MigratedTestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createMigratedTestDatabase(inject('testServerUrl'));
  prisma = createPrismaClient(db.url, 2);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

async function billingCli(args: string[], env: Record<string, string>) {
  return run(
    path.join(root, 'node_modules/.bin/tsx'),
    ['--conditions=react-server', 'scripts/billing.ts', ...args],
    { cwd: root, env: { ...process.env, DATABASE_URL: db.url, ...env }, timeout: 60_000 },
  );
}

describe('npm run billing -- rebuild-call-list', () => {
  it('applies CALL_LIST_MIN_OVERDUE_KOPECKS from the environment, not a default', async () => {
    // 6 months of 500.00 UAH: on the list under the default rules (3 months, 100.00 UAH).
    const months = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));
    const debtor = await createAccountWithDebt(prisma, { months, monthlyKopecks: 50_000 });
    const added = await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
    );
    expect(added.change).toBe('ADDED');

    // A threshold of 1,000,000.00 UAH: the CLI's rebuild must take the debtor off the list.
    const strict = await billingCli(['rebuild-call-list'], {
      CALL_LIST_MIN_OVERDUE_KOPECKS: '100000000',
    });
    expect(strict.stdout).toMatch(/−1 .*0 on the list/);
    const entry = await prisma.callListEntry.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(entry.removedAt).not.toBeNull();
    expect(entry.removalReason).toBe('BELOW_THRESHOLD');

    // And a non-default due rule: due 12 months later, nothing is 3 months overdue yet.
    await billingCli(['rebuild-call-list'], {}); // back on under the defaults
    expect(
      await prisma.callListEntry.count({ where: { accountId: debtor.accountId, removedAt: null } }),
    ).toBe(1);
    await billingCli(['rebuild-call-list'], { PAYMENT_DUE_MONTHS_AFTER: '12' });
    const stays = await prisma.callListEntry.findMany({
      where: { accountId: debtor.accountId },
      orderBy: { id: 'asc' },
    });
    expect(stays.map((stay) => stay.removalReason)).toEqual(['BELOW_THRESHOLD', 'PAID']);
  });

  it('refuses an invalid rule with one line and changes nothing', async () => {
    const before = await prisma.callListEvent.count();
    const failed = await billingCli(['rebuild-call-list'], {
      CALL_LIST_MIN_OVERDUE_MONTHS: 'three',
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr.trim()).toMatch(
      /^billing: .*CALL_LIST_MIN_OVERDUE_MONTHS/,
    );
    expect(await prisma.callListEvent.count()).toBe(before);
  });
});
