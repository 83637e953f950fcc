import 'server-only';
import { monthStartDate } from '../../dates';
import type { Tx } from '../../server/db';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import { lockCallListForRefresh } from '../call-list/call-list-locks';
import type { CallListChange } from '../call-list/call-list-reason';
import {
  lockCallListRefresh,
  refreshCallListEntries,
  refreshCallListEntry,
} from '../call-list/refresh-call-list-entry';

/**
 * Posting functions for the append-only ledger (accruals are posted in bulk by the period
 * close). Each inserts one entry and re-evaluates the account's call-list membership in the
 * caller's transaction (DESIGN rule 3), so the ledger and the dialer's list never disagree;
 * postPayments does the same for a batch of payments (a bank registry) in one pass.
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

/** One confirmed payment (already recorded in `payment`) to book as a credit. */
export type PaymentPosting = {
  accountId: number;
  paymentId: number;
  amountKopecks: number;
  effectiveAt?: Date;
};

/**
 * Books confirmed payments as credits, set-based: the PAYMENT entries in one INSERT (the
 * ledger's balance, month-debit and plan triggers are statement-level) and one call-list
 * re-evaluation of their accounts (refreshCallListEntries, rule 3), in the caller's
 * transaction. The accounts are locked first, in id order, as a single refresh locks its one
 * account, so batches and single payments never deadlock. A bank import books a batch of
 * registry rows here; postPayment is this with one payment. Returns one result per posting,
 * in order.
 */
export async function postPayments(
  tx: Tx,
  options: { payments: readonly PaymentPosting[]; rules: BillingRules; now?: Date },
): Promise<PostedEntry[]> {
  const { payments } = options;
  if (payments.length === 0) return [];
  for (const payment of payments) requirePositive(payment.amountKopecks, 'a payment');
  if (new Set(payments.map((payment) => payment.paymentId)).size !== payments.length) {
    throw new AppError('INVALID_INPUT', 'a payment is posted once');
  }
  const now = options.now ?? new Date();
  const accountIds = [...new Set(payments.map((payment) => payment.accountId))];
  await lockCallListRefresh(tx, accountIds);
  const entries = await tx.$queryRawUnsafe<{ id: bigint; payment_id: number }[]>(
    `INSERT INTO ledger_entry (account_id, kind, amount_kopecks, payment_id, effective_at)
     SELECT p.account_id, 'PAYMENT', -p.amount_kopecks, p.payment_id, p.effective_at
       FROM unnest($1::int[], $2::int[], $3::int[], $4::timestamptz[])
            AS p(account_id, amount_kopecks, payment_id, effective_at)
     RETURNING id, payment_id`,
    payments.map((payment) => payment.accountId),
    payments.map((payment) => payment.amountKopecks),
    payments.map((payment) => payment.paymentId),
    payments.map((payment) => payment.effectiveAt ?? now),
  );
  const entryOf = new Map(entries.map((entry) => [entry.payment_id, entry.id]));
  const refreshed = await refreshCallListEntries(tx, {
    accountIds,
    asOf: options.now,
    rules: options.rules,
    locked: true,
  });
  const balances = new Map(
    (
      await tx.$queryRawUnsafe<{ id: number; balance_kopecks: number }[]>(
        'SELECT id, balance_kopecks FROM account WHERE id = ANY($1::int[])',
        accountIds,
      )
    ).map((account) => [account.id, account.balance_kopecks]),
  );
  return payments.map((payment) => ({
    entryId: entryOf.get(payment.paymentId) ?? 0n,
    balanceKopecks: balances.get(payment.accountId) ?? 0,
    callList: refreshed.get(payment.accountId)?.change ?? 'UNCHANGED',
  }));
}

/** Books one confirmed payment (already recorded in `payment`) as a credit: postPayments. */
export async function postPayment(
  tx: Tx,
  options: Common & { paymentId: number; amountKopecks: number },
): Promise<PostedEntry> {
  const [posted] = await postPayments(tx, {
    payments: [
      {
        accountId: options.accountId,
        paymentId: options.paymentId,
        amountKopecks: options.amountKopecks,
        effectiveAt: options.effectiveAt,
      },
    ],
    rules: options.rules,
    now: options.now,
  });
  if (!posted) throw new Error(`payment ${options.paymentId} was not posted`);
  return posted;
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
