import 'server-only';
import { monthStartDate } from '../../dates';
import type { Tx } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { lockCallListForRefresh } from '../call-list/call-list-locks';
import type { CallListChange } from '../call-list/call-list-reason';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';

/**
 * Posting functions for the append-only ledger (accruals are posted in bulk by the period
 * close). Each inserts one entry and re-evaluates the account's call-list membership in the
 * caller's transaction (DESIGN rule 3), so the ledger and the dialer's list never disagree.
 * Sign convention: debits positive, credits negative.
 */
export type PostedEntry = { entryId: bigint; balanceKopecks: number; callList: CallListChange };

type Common = { accountId: number; effectiveAt?: Date; rules: BillingRules; now?: Date };

async function finish(tx: Tx, entryId: bigint, options: Common): Promise<PostedEntry> {
  const refreshed = await refreshCallListEntry(tx, {
    accountId: options.accountId,
    asOf: options.now,
    rules: options.rules,
  });
  const account = await tx.account.findUniqueOrThrow({
    where: { id: options.accountId },
    select: { balanceKopecks: true },
  });
  return { entryId, balanceKopecks: account.balanceKopecks, callList: refreshed.change };
}

function requirePositive(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError('INVALID_INPUT', `${what} must be a positive whole number of kopecks`);
  }
}

/** Books a confirmed payment (already recorded in `payment`) as a credit. */
export async function postPayment(
  tx: Tx,
  options: Common & { paymentId: number; amountKopecks: number },
): Promise<PostedEntry> {
  requirePositive(options.amountKopecks, 'a payment');
  const entry = await tx.ledgerEntry.create({
    data: {
      accountId: options.accountId,
      kind: 'PAYMENT',
      amountKopecks: -options.amountKopecks,
      paymentId: options.paymentId,
      effectiveAt: options.effectiveAt ?? options.now ?? new Date(),
    },
    select: { id: true },
  });
  return finish(tx, entry.id, options);
}

/**
 * Checks a correction of one month's bill before it is posted (or requested): the month must
 * have a bill on the account, and a credit may not exceed what the month still charges (its
 * accruals and earlier corrections). Takes the account's locks in the call-list refresh's
 * order, so two corrections of one month are checked one after the other. Returns the month's
 * first day, or null for a correction not tied to a month.
 */
export async function checkMonthCorrection(
  tx: Tx,
  options: { accountId: number; amountKopecks: number; periodMonth?: string | null },
): Promise<Date | null> {
  const periodMonth = options.periodMonth ? monthStartDate(options.periodMonth) : null;
  if (!periodMonth) return null;
  await lockCallListForRefresh(tx);
  await tx.$executeRaw`SELECT 1 FROM account WHERE id = ${options.accountId} FOR NO KEY UPDATE`;
  const [month] = await tx.$queryRaw<{ charged: bigint | null; accruals: bigint }[]>`
    SELECT sum(amount_kopecks)::bigint AS charged,
           count(*) FILTER (WHERE kind = 'ACCRUAL')::bigint AS accruals
      FROM ledger_entry
     WHERE account_id = ${options.accountId} AND period_month = ${periodMonth}::date
       AND kind IN ('ACCRUAL', 'ADJUSTMENT')`;
  if (!month || month.accruals === 0n) {
    throw new AppError('INVALID_INPUT', 'the account has no bill for that month');
  }
  if (options.amountKopecks < 0 && -options.amountKopecks > Number(month.charged ?? 0n)) {
    throw new AppError('INVALID_INPUT', 'a credit cannot exceed what the month charges');
  }
  return periodMonth;
}

/**
 * A staff correction: positive charges more, negative credits. Needs a memo. With
 * `periodMonth` ('YYYY-MM') it corrects that month's bill: ageing counts it in that month
 * (lib/domain/arrears/debits-by-month-sql.ts), and a credit may not exceed what the month still
 * charges (its accruals and earlier corrections), so no month is aged below zero.
 */
export async function postAdjustment(
  tx: Tx,
  options: Common & {
    amountKopecks: number;
    memo: string;
    periodMonth?: string | null;
    staffUserId?: number;
    disputeId?: number;
  },
): Promise<PostedEntry> {
  if (!Number.isSafeInteger(options.amountKopecks) || options.amountKopecks === 0) {
    throw new AppError('INVALID_INPUT', 'an adjustment must be a non-zero whole number of kopecks');
  }
  if (options.memo.trim() === '')
    throw new AppError('INVALID_INPUT', 'an adjustment needs a reason');
  const periodMonth = await checkMonthCorrection(tx, options);
  const entry = await tx.ledgerEntry.create({
    data: {
      accountId: options.accountId,
      kind: 'ADJUSTMENT',
      amountKopecks: options.amountKopecks,
      memo: options.memo.trim(),
      periodMonth,
      staffUserId: options.staffUserId ?? null,
      disputeId: options.disputeId ?? null,
      effectiveAt: options.effectiveAt ?? options.now ?? new Date(),
    },
    select: { id: true },
  });
  return finish(tx, entry.id, options);
}

/**
 * Reverses all or part of an earlier entry (a refund or lost card dispute reverses a payment).
 * The database refuses reversals of another account's entry, of a reversal, or beyond the
 * original amount.
 */
export async function postReversal(
  tx: Tx,
  options: Common & {
    reversesEntryId: bigint;
    amountKopecks?: number;
    memo?: string;
    paymentId?: number;
  },
): Promise<PostedEntry> {
  const original = await tx.ledgerEntry.findUnique({
    where: { id: options.reversesEntryId },
    select: { accountId: true, amountKopecks: true },
  });
  if (!original || original.accountId !== options.accountId) {
    throw new AppError('NOT_FOUND', 'no such ledger entry on this account');
  }
  const magnitude = options.amountKopecks ?? Math.abs(original.amountKopecks);
  requirePositive(magnitude, 'a reversal');
  const entry = await tx.ledgerEntry.create({
    data: {
      accountId: options.accountId,
      kind: 'REVERSAL',
      amountKopecks: original.amountKopecks > 0 ? -magnitude : magnitude,
      reversesEntryId: options.reversesEntryId,
      paymentId: options.paymentId ?? null,
      memo: options.memo ?? null,
      effectiveAt: options.effectiveAt ?? options.now ?? new Date(),
    },
    select: { id: true },
  });
  return finish(tx, entry.id, options);
}
