import 'server-only';
import { isMonthKey, kyivDay } from '../../dates';
import type { PrismaClient } from '../../server/db';
import type { DisputeCategory } from '../../server/generated/prisma/enums';
import { AppError, type DisputeTextProblem } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { CallListChange, CallListEvaluation } from '../call-list/call-list-reason';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { MAX_DISPUTE_TEXT } from '../staff/staff-policy';
import { addWorkingDays } from './due-date';

export type { DisputeCategory };

/** The categories a resident may choose, in the order the form lists them. */
export const DISPUTE_CATEGORIES: readonly DisputeCategory[] = [
  'WRONG_AREA',
  'WRONG_TARIFF',
  'PAYMENT_NOT_RECEIVED',
  'SERVICE_NOT_PROVIDED',
  'OTHER',
];

/** A description shorter than this (trimmed) says too little to review. */
export const MIN_DISPUTE_DESCRIPTION = 10;

export function isDisputeCategory(value: unknown): value is DisputeCategory {
  return typeof value === 'string' && (DISPUTE_CATEGORIES as readonly string[]).includes(value);
}

/**
 * A resident's text as it is stored: line breaks as LF (a browser sends a textarea's as CRLF,
 * while its maxlength counts them as one), NUL removed (PostgreSQL text cannot hold it), the
 * ends trimmed. Everything else, markup included, is kept verbatim: pages render it as text.
 * Lengths are UTF-16 code units, as the textarea's maxlength counts them.
 */
export function normaliseDisputeText(
  raw: string,
  min: number,
): { ok: true; text: string } | { ok: false; problem: DisputeTextProblem } {
  const text = raw.replace(/\r\n?/g, '\n').replaceAll('\u0000', '').trim();
  if (text.length < min) return { ok: false, problem: 'TOO_SHORT' };
  if (text.length > MAX_DISPUTE_TEXT) return { ok: false, problem: 'TOO_LONG' };
  return { ok: true, text };
}

export type OpenDisputeResult = {
  disputeId: number;
  /** The Kyiv day by which the utility must answer ('YYYY-MM-DD'). */
  dueOn: string;
  /** What opening did to the call list, in the same transaction (rule 3: DISPUTE_OPEN). */
  callList: { change: CallListChange; evaluation: CallListEvaluation };
};

/**
 * A resident opens a dispute about their own account (DESIGN rule 7). Checked first, each
 * problem an INVALID_INPUT that changes nothing: the category; the description (trimmed,
 * 10..MAX_DISPUTE_TEXT characters); the month, if given, must be one the account was charged
 * for; the payment, if given, must be the account's own (another account's payment is refused
 * exactly like an unknown id, so ids cannot be used to probe other accounts).
 *
 * Then ONE transaction: the dispute (due on `dueWorkingDays` working days after today in Kyiv,
 * skipping weekends and `holidays`), an audit_log row (actor RESIDENT, `dispute.open`), and the
 * call-list re-evaluation, so the account leaves the dialer's list with reason DISPUTE_OPEN and
 * the removal is in the changes feed at the commit. SMS reminders stop by the same rule (the
 * reminder planner only sends to accounts whose evaluation is SMS_OPT_IN).
 *
 * The description is the dispute's opening text and is stored once, on the dispute;
 * dispute_message holds the replies that follow (as the demo fixture's dispute does).
 *
 * At most one unresolved dispute per account: the partial unique index
 * dispute_one_open_per_account_key decides, also between two concurrent opens. The insert is
 * `ON CONFLICT DO NOTHING` on that index, so the loser of a race waits for the winner's commit,
 * inserts nothing and gets CONFLICT, and its transaction writes nothing else.
 */
export async function openDispute(
  db: PrismaClient,
  options: {
    accountId: number;
    category: string;
    /** 'YYYY-MM', or undefined / '' for none. */
    periodMonth?: string;
    paymentId?: number;
    description: string;
    rules: BillingRules;
    dueWorkingDays: number;
    holidays: ReadonlySet<string>;
    now?: Date;
  },
): Promise<OpenDisputeResult> {
  const now = options.now ?? new Date();
  const { accountId } = options;
  if (!isDisputeCategory(options.category)) {
    throw new AppError('INVALID_INPUT', 'unknown dispute category', {
      field: 'category',
      problem: 'UNKNOWN',
    });
  }
  const category = options.category;
  const description = normaliseDisputeText(options.description, MIN_DISPUTE_DESCRIPTION);
  if (!description.ok) {
    throw new AppError('INVALID_INPUT', 'the description is not acceptable', {
      field: 'description',
      problem: description.problem,
    });
  }
  const month = options.periodMonth ? options.periodMonth : null;
  if (month !== null && !isMonthKey(month)) {
    throw new AppError('INVALID_INPUT', 'not a month', { field: 'month', problem: 'UNKNOWN' });
  }
  const paymentId = options.paymentId ?? null;
  if (paymentId !== null && !(Number.isSafeInteger(paymentId) && paymentId > 0)) {
    throw new AppError('INVALID_INPUT', 'not a payment', { field: 'payment', problem: 'UNKNOWN' });
  }
  const dueOn = addWorkingDays(kyivDay(now), options.dueWorkingDays, options.holidays);

  return db.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: accountId }, select: { id: true } });
    if (!account) throw new AppError('NOT_FOUND', 'no such account', { what: 'account' });
    if (month !== null) {
      const charged = await tx.ledgerEntry.findFirst({
        where: { accountId, kind: 'ACCRUAL', periodMonth: new Date(`${month}-01T00:00:00Z`) },
        select: { id: true },
      });
      if (!charged) {
        throw new AppError('INVALID_INPUT', 'the account was not charged for that month', {
          field: 'month',
          problem: 'UNKNOWN',
        });
      }
    }
    if (paymentId !== null) {
      // Scoped to the account: another account's payment is not found, like a made-up id.
      const payment = await tx.payment.findFirst({
        where: { id: paymentId, accountId },
        select: { id: true },
      });
      if (!payment) {
        throw new AppError('INVALID_INPUT', 'no such payment on this account', {
          field: 'payment',
          problem: 'UNKNOWN',
        });
      }
    }
    const inserted = await tx.$queryRawUnsafe<{ id: number }[]>(
      `INSERT INTO dispute (account_id, opened_by, category, period_month, payment_id, description,
                            status, due_on, created_at)
       VALUES ($1, 'RESIDENT', $2::dispute_category, $3::date, $4, $5, 'OPEN', $6::date, $7)
       ON CONFLICT (account_id) WHERE status <> 'RESOLVED' DO NOTHING
       RETURNING id`,
      accountId,
      category,
      month === null ? null : `${month}-01`,
      paymentId,
      description.text,
      dueOn,
      now,
    );
    const disputeId = inserted[0]?.id;
    if (disputeId === undefined) {
      throw new AppError('CONFLICT', 'the account already has an unresolved dispute');
    }
    const callList = await refreshCallListEntry(tx, { accountId, asOf: now, rules: options.rules });
    await tx.auditLog.create({
      data: {
        actorKind: 'RESIDENT',
        action: 'dispute.open',
        accountId,
        targetType: 'dispute',
        targetId: String(disputeId),
        detail: {
          category,
          periodMonth: month,
          paymentId,
          dueOn,
          callListChange: callList.change,
          callListReason: callList.evaluation.reason,
        },
        createdAt: now,
      },
    });
    return { disputeId, dueOn, callList };
  });
}
