/**
 * The staff side of the dispute lifecycle (DESIGN rule 7) on the real PostgreSQL server: the
 * pause and its lifting in the dialer's changes feed, corrections posted to the month concerned,
 * the four-eyes rule, concurrent resolution, and an audit entry for every staff action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { createStaffUser } from '@/test/staff-factories';
import { addMonths, kyivMonthOf } from '../../dates';
import { getPrisma } from '../../server/db';
import { isAppError } from '../app-error';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { approveAdjustment, correctAccount, declineAdjustment } from '../staff/adjustments';
import type { StaffActor } from '../staff/staff-actor';
import { assignDispute, listDisputeQueue, replyToDispute, resolveDispute } from './staff-disputes';

const prisma = getPrisma();
const THRESHOLD = 100_000; // 1,000.00 UAH
const months = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));
let support: StaffActor;
let support2: StaffActor;
let supervisor: StaffActor;

beforeAll(async () => {
  support = await createStaffUser(prisma, 'SUPPORT');
  support2 = await createStaffUser(prisma, 'SUPPORT');
  supervisor = await createStaffUser(prisma, 'SUPERVISOR');
});

afterAll(async () => {
  await prisma.$disconnect();
});

/** A debtor on the call list (6 × 1,500.00 UAH unpaid) with an OPEN dispute, so paused. */
async function disputedDebtor() {
  const debtor = await createAccountWithDebt(prisma, { months, monthlyKopecks: 150_000 });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
  );
  const dispute = await prisma.dispute.create({
    data: {
      accountId: debtor.accountId,
      openedBy: 'RESIDENT',
      category: 'WRONG_AREA',
      periodMonth: new Date(`${months[0]}-01T00:00:00Z`),
      description: 'Площа у рахунку більша, ніж у техпаспорті.',
      dueOn: new Date('2026-12-21T00:00:00Z'),
    },
  });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
  );
  return { ...debtor, disputeId: dispute.id };
}

async function feed(accountId: number) {
  const events = await prisma.callListEvent.findMany({
    where: { accountId },
    orderBy: { id: 'asc' },
    select: { action: true, reason: true },
  });
  return events.map((e) => `${e.action}:${e.reason}`);
}

async function audit(accountId: number) {
  const rows = await prisma.auditLog.findMany({
    where: { accountId },
    orderBy: { id: 'asc' },
    select: { action: true, staffUserId: true },
  });
  return rows.map((r) => r.action);
}

async function caught(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

const resolve = (
  actor: StaffActor,
  disputeId: number,
  resolution: 'ACCEPTED' | 'REJECTED',
  correction?: { amountKopecks: number; periodMonth: string | null; memo: string },
) =>
  resolveDispute(prisma, actor, {
    disputeId,
    resolution,
    note: resolution === 'REJECTED' ? 'Площу підтверджено обміром.' : 'Перераховано.',
    correction,
    approvalKopecks: THRESHOLD,
    rules: DEFAULT_RULES,
  });

describe('dispute lifecycle (staff)', () => {
  it('an open dispute pauses calls; rejection lifts the pause and the rule puts the debtor back', async () => {
    const d = await disputedDebtor();
    expect(await feed(d.accountId)).toEqual(['ADDED:OVERDUE', 'REMOVED:DISPUTE_OPEN']);
    await assignDispute(prisma, support, { disputeId: d.disputeId });
    await replyToDispute(prisma, support, {
      disputeId: d.disputeId,
      body: '<script>alert(1)</script> Перевіряємо.',
    });
    const outcome = await resolve(support, d.disputeId, 'REJECTED');
    expect(outcome).toEqual({ kind: 'RESOLVED', resolution: 'REJECTED', ledgerEntryId: null });
    expect(await feed(d.accountId)).toEqual([
      'ADDED:OVERDUE',
      'REMOVED:DISPUTE_OPEN',
      'ADDED:OVERDUE',
    ]);
    const dispute = await prisma.dispute.findUniqueOrThrow({ where: { id: d.disputeId } });
    expect(dispute).toMatchObject({
      status: 'RESOLVED',
      resolution: 'REJECTED',
      resolvedById: support.staffUserId,
    });
    const message = await prisma.disputeMessage.findFirstOrThrow({
      where: { disputeId: d.disputeId },
    });
    expect(message.body).toBe('<script>alert(1)</script> Перевіряємо.'); // stored verbatim, rendered as text
    expect(await audit(d.accountId)).toEqual([
      'dispute.assign',
      'dispute.reply',
      'dispute.resolve',
    ]);

    // Resolving again, replying or assigning: refused, nothing written.
    expect(
      isAppError(await caught(() => resolve(support2, d.disputeId, 'ACCEPTED')), 'CONFLICT'),
    ).toBe(true);
    expect(
      isAppError(
        await caught(() => replyToDispute(prisma, support, { disputeId: d.disputeId, body: 'ще' })),
        'CONFLICT',
      ),
    ).toBe(true);
    expect(await audit(d.accountId)).toHaveLength(3);
  });

  it('accepted with a correction within the threshold: posted to the month, balance and list re-evaluated', async () => {
    const d = await disputedDebtor();
    const before = await prisma.account.findUniqueOrThrow({ where: { id: d.accountId } });
    // The oldest month (8 months ago) was over-charged by 500.00 UAH.
    const outcome = await resolve(support, d.disputeId, 'ACCEPTED', {
      amountKopecks: -50_000,
      periodMonth: months[0] as string,
      memo: 'Площа 64,80 м² замість 72,40 м²',
    });
    expect(outcome.kind).toBe('RESOLVED');
    const after = await prisma.account.findUniqueOrThrow({ where: { id: d.accountId } });
    expect(after.balanceKopecks).toBe(before.balanceKopecks - 50_000);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({
      where: { accountId: d.accountId, kind: 'ADJUSTMENT' },
    });
    expect(entry).toMatchObject({
      amountKopecks: -50_000,
      disputeId: d.disputeId,
      staffUserId: support.staffUserId,
    });
    expect(entry.periodMonth?.toISOString().slice(0, 7)).toBe(months[0]);
    // Still 6 × 1,500 − 500 overdue over 3 months: back on the list, with the corrected amount.
    const open = await prisma.callListEntry.findFirstOrThrow({
      where: { accountId: d.accountId, removedAt: null },
    });
    expect(open.overdueKopecks).toBe(6 * 150_000 - 50_000);
    expect(await audit(d.accountId)).toEqual(['dispute.resolve']);
  });

  it('a month is never credited beyond what it charged, and the refusal changes nothing', async () => {
    const d = await disputedDebtor();
    // A month without a bill: refused, and the dispute stays open.
    const noBill = await caught(() =>
      resolve(support, d.disputeId, 'ACCEPTED', {
        amountKopecks: -1_000,
        periodMonth: '2001-01',
        memo: 'x',
      }),
    );
    expect(isAppError(noBill, 'INVALID_INPUT')).toBe(true);
    expect((await prisma.dispute.findUniqueOrThrow({ where: { id: d.disputeId } })).status).toBe(
      'OPEN',
    );
    const d2 = await disputedDebtor();
    const tooMuch = await caught(() =>
      correctAccount(prisma, support, {
        accountId: d2.accountId,
        amountKopecks: -150_001,
        periodMonth: months[1] as string,
        memo: 'більше, ніж нараховано',
        approvalKopecks: 10_000_000,
        rules: DEFAULT_RULES,
      }),
    );
    expect(isAppError(tooMuch, 'INVALID_INPUT')).toBe(true);
    // …nor requested for approval.
    const tooMuchRequest = await caught(() =>
      correctAccount(prisma, support, {
        accountId: d2.accountId,
        amountKopecks: -150_001,
        periodMonth: months[1] as string,
        memo: 'більше, ніж нараховано',
        approvalKopecks: THRESHOLD,
        rules: DEFAULT_RULES,
      }),
    );
    expect(isAppError(tooMuchRequest, 'INVALID_INPUT')).toBe(true);
    expect(await prisma.adjustmentRequest.count({ where: { accountId: d2.accountId } })).toBe(0);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: d2.accountId, kind: 'ADJUSTMENT' } }),
    ).toBe(0);
    expect(await audit(d2.accountId)).toEqual([]);
  });

  it('four eyes: above the threshold nothing is posted until another supervisor approves', async () => {
    const d = await disputedDebtor();
    const before = await prisma.account.findUniqueOrThrow({ where: { id: d.accountId } });
    const correction = {
      amountKopecks: -150_000,
      periodMonth: months[0] as string,
      memo: 'Послугу не надавали',
    };
    const outcome = await resolve(support, d.disputeId, 'ACCEPTED', correction);
    if (outcome.kind !== 'AWAITING_APPROVAL') throw new Error('expected a request');
    const requestId = outcome.adjustmentRequestId;
    expect(
      (await prisma.account.findUniqueOrThrow({ where: { id: d.accountId } })).balanceKopecks,
    ).toBe(before.balanceKopecks);
    expect((await prisma.dispute.findUniqueOrThrow({ where: { id: d.disputeId } })).status).toBe(
      'IN_REVIEW',
    );
    expect(await feed(d.accountId)).toEqual(['ADDED:OVERDUE', 'REMOVED:DISPUTE_OPEN']); // still paused

    // A second answer while one awaits approval: refused.
    expect(
      isAppError(await caught(() => resolve(support2, d.disputeId, 'REJECTED')), 'CONFLICT'),
    ).toBe(true);
    // The requester cannot approve (not even as a supervisor), SUPPORT cannot approve at all.
    expect(
      isAppError(
        await caught(() => approveAdjustment(prisma, support, { requestId, rules: DEFAULT_RULES })),
        'FORBIDDEN',
      ),
    ).toBe(true);
    expect(
      isAppError(
        await caught(() =>
          approveAdjustment(prisma, support2, { requestId, rules: DEFAULT_RULES }),
        ),
        'FORBIDDEN',
      ),
    ).toBe(true);
    expect(
      isAppError(
        await caught(() => declineAdjustment(prisma, support2, { requestId, note: 'ні' })),
        'FORBIDDEN',
      ),
    ).toBe(true);
    const ownRequest = await correctAccount(prisma, supervisor, {
      accountId: d.accountId,
      amountKopecks: 200_000,
      periodMonth: null,
      memo: 'донарахування',
      approvalKopecks: THRESHOLD,
      rules: DEFAULT_RULES,
    });
    if (ownRequest.kind !== 'AWAITING_APPROVAL') throw new Error('expected a request');
    expect(
      isAppError(
        await caught(() =>
          approveAdjustment(prisma, supervisor, {
            requestId: ownRequest.adjustmentRequestId,
            rules: DEFAULT_RULES,
          }),
        ),
        'FORBIDDEN',
      ),
    ).toBe(true);
    // The database refuses it too.
    await expect(
      prisma.adjustmentRequest.update({
        where: { id: ownRequest.adjustmentRequestId },
        data: { status: 'APPROVED', decidedById: supervisor.staffUserId },
      }),
    ).rejects.toThrow();
    expect(
      (await prisma.account.findUniqueOrThrow({ where: { id: d.accountId } })).balanceKopecks,
    ).toBe(before.balanceKopecks);

    const approved = await approveAdjustment(prisma, supervisor, {
      requestId,
      rules: DEFAULT_RULES,
    });
    const after = await prisma.account.findUniqueOrThrow({ where: { id: d.accountId } });
    expect(after.balanceKopecks).toBe(before.balanceKopecks - 150_000);
    const dispute = await prisma.dispute.findUniqueOrThrow({ where: { id: d.disputeId } });
    expect(dispute).toMatchObject({
      status: 'RESOLVED',
      resolution: 'ACCEPTED',
      resolutionNote: 'Перераховано.',
    });
    const entry = await prisma.ledgerEntry.findUniqueOrThrow({
      where: { id: approved.ledgerEntryId },
    });
    expect(entry).toMatchObject({
      kind: 'ADJUSTMENT',
      amountKopecks: -150_000,
      disputeId: d.disputeId,
    });
    expect(await feed(d.accountId)).toEqual([
      'ADDED:OVERDUE',
      'REMOVED:DISPUTE_OPEN',
      'ADDED:OVERDUE',
    ]);
    // Approving twice: refused, nothing posted twice.
    expect(
      isAppError(
        await caught(() =>
          approveAdjustment(prisma, supervisor, { requestId, rules: DEFAULT_RULES }),
        ),
        'CONFLICT',
      ),
    ).toBe(true);
    expect(
      await prisma.ledgerEntry.count({ where: { accountId: d.accountId, kind: 'ADJUSTMENT' } }),
    ).toBe(1);
    // The supervisor's own request is withdrawn by its requester.
    expect(
      await declineAdjustment(prisma, supervisor, {
        requestId: ownRequest.adjustmentRequestId,
        note: 'помилка',
      }),
    ).toBe('WITHDRAWN');
    expect(await audit(d.accountId)).toEqual([
      'adjustment.request',
      'adjustment.request',
      'dispute.resolve',
      'adjustment.approve',
      'adjustment.withdraw',
    ]);
  });

  it('two staff resolving one dispute at once: exactly one wins', async () => {
    for (let round = 0; round < 3; round += 1) {
      const d = await disputedDebtor();
      const results = await Promise.allSettled([
        resolve(support, d.disputeId, 'REJECTED'),
        resolve(support2, d.disputeId, 'ACCEPTED', {
          amountKopecks: -10_000,
          periodMonth: null,
          memo: 'x',
        }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isAppError((lost[0] as PromiseRejectedResult).reason, 'CONFLICT')).toBe(true);
      expect(await audit(d.accountId)).toEqual(['dispute.resolve']);
    }
  });

  it('lists the queue with due dates, and filters mine and overdue', async () => {
    const d = await disputedDebtor();
    await assignDispute(prisma, support2, { disputeId: d.disputeId });
    const mine = await listDisputeQueue(prisma, support2, {
      filter: 'mine',
      page: 1,
      pageSize: 50,
      today: '2026-12-01',
    });
    expect(mine.rows.map((r) => r.id)).toContain(d.disputeId);
    const overdue = await listDisputeQueue(prisma, support, {
      filter: 'overdue',
      page: 1,
      pageSize: 500,
      today: '2026-12-22',
    });
    expect(overdue.rows.find((r) => r.id === d.disputeId)).toMatchObject({
      dueOn: '2026-12-21',
      status: 'IN_REVIEW',
    });
  });
});
