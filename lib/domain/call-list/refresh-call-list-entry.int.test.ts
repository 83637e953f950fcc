import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '../../../test/factories';
import { addMonths, kyivMonthOf } from '../../dates';
import { getPrisma } from '../../server/db';
import { postAdjustment } from '../ledger/post-ledger-entry';
import { refreshCallListEntry } from './refresh-call-list-entry';

const prisma = getPrisma();

afterAll(async () => {
  await prisma.$disconnect();
});

describe('refreshCallListEntry', () => {
  it('records a removal no earlier than the addition, whatever the clocks say', async () => {
    const months = [-8, -7, -6].map((n) => addMonths(kyivMonthOf(new Date()), n));
    const debtor = await createAccountWithDebt(prisma, { months, monthlyKopecks: 50_000 });
    // Added by an instance whose clock runs an hour ahead (or a rebuild dated ahead).
    const ahead = new Date(Date.now() + 60 * 60_000);
    const added = await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, { rules: DEFAULT_RULES, accountId: debtor.accountId, asOf: ahead }),
    );
    expect(added.change).toBe('ADDED');
    const removed = await prisma.$transaction((tx) =>
      postAdjustment(tx, {
        rules: DEFAULT_RULES,
        accountId: debtor.accountId,
        amountKopecks: -150_000,
        memo: 'Write-off',
      }),
    );
    expect(removed.callList).toBe('REMOVED');
    const entry = await prisma.callListEntry.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(entry.removedAt).toEqual(entry.addedAt);
    expect(entry.removalReason).toBe('PAID');
  });

  it('is a no-op for an account whose state did not change', async () => {
    const months = [-8, -7, -6].map((n) => addMonths(kyivMonthOf(new Date()), n));
    const debtor = await createAccountWithDebt(prisma, { months, monthlyKopecks: 50_000 });
    const first = await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, { rules: DEFAULT_RULES, accountId: debtor.accountId }),
    );
    const second = await prisma.$transaction((tx) =>
      refreshCallListEntry(tx, { rules: DEFAULT_RULES, accountId: debtor.accountId }),
    );
    expect([first.change, second.change]).toEqual(['ADDED', 'UNCHANGED']);
    expect(await prisma.callListEvent.count({ where: { accountId: debtor.accountId } })).toBe(1);
  });
});
