import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { PaymentProvider, Prisma } from '../../server/generated/prisma/client';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { AppError } from '../app-error';
import type { BillingRules } from '../billing-rules';
import type { CallListChange } from '../call-list/call-list-reason';
import {
  bookProviderPayment,
  type EnqueuePaymentConfirmation,
} from '../payments/book-provider-payment';
import { MAX_PAYMENT_KOPECKS } from '../payments/payment-limits';
import {
  readReviewDetail,
  type UnmatchedPaymentReference,
} from '../payments/unmatched-payment-reference';
import { recordAudit } from './audit';
import { requireRole, type StaffActor } from './staff-actor';
import { cleanStaffNote } from './staff-note';

/**
 * Unmatched payments (DESIGN rule 5; docs/payments.md, "Unmatched payments"): webhook events
 * recorded as NEEDS_REVIEW because a retry could not fix them — an unknown account number, a
 * currency other than UAH, an amount missing or above the limit, a malformed object. Staff
 * decide each one once: ATTACH the payment to the right account (booked exactly like an online
 * payment), or REFUND it (done by hand in the provider's dashboard; we record the decision).
 */

/** Why an unmatched event cannot be attached (INVALID_INPUT with `field: 'payment'`). */
export type UnmatchedPaymentProblem =
  /** Not a received payment (a refund or card dispute for a payment we do not know). */
  | 'NOT_A_PAYMENT'
  /** The checkout was not paid. */
  | 'NOT_PAID'
  /** No payment reference was recorded (events from before references were kept). */
  | 'NO_REFERENCE'
  /** Not UAH: it must be refunded, the ledger is in hryvnias. */
  | 'WRONG_CURRENCY'
  /** No positive whole amount. */
  | 'NO_AMOUNT'
  /** Above MAX_PAYMENT_KOPECKS: no checkout of ours is opened for it; refund. */
  | 'OVER_LIMIT';

/** The event types that carry a received payment (as the webhook books them). */
const PAYMENT_EVENT_TYPES: readonly string[] = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
];

export const MAX_UNMATCHED_PAGE_SIZE = 100;

export type UnmatchedPaymentRow = {
  /** webhook_event.id: what attach and refund take. */
  id: number;
  provider: PaymentProvider;
  eventId: string;
  type: string;
  receivedAt: Date;
  /** Why it needed review, as the webhook recorded it ("unknown account 1000000016", …). */
  reason: string | null;
  /** The stored detail as it is (`{ message, payment? }`). */
  detail: Prisma.JsonValue;
  /** From the stored reference; null where the event did not carry it. */
  amountMinor: number | null;
  currency: string | null;
  accountReference: string | null;
  providerPaymentId: string | null;
  checkoutSessionId: string | null;
  /** Null when it can be attached; otherwise why not (then it can only be refunded). */
  attachProblem: UnmatchedPaymentProblem | null;
};

export type UnmatchedPaymentPage = {
  rows: UnmatchedPaymentRow[];
  hasMore: boolean;
  /** Undecided events in all (for "N waiting"). */
  total: number;
};

function attachProblemOf(
  type: string,
  reference: UnmatchedPaymentReference | null,
): UnmatchedPaymentProblem | null {
  if (!PAYMENT_EVENT_TYPES.includes(type)) return 'NOT_A_PAYMENT';
  if (!reference?.providerPaymentId) return 'NO_REFERENCE';
  if (reference.currency !== 'uah') return 'WRONG_CURRENCY';
  if (reference.amountMinor === null || reference.amountMinor <= 0) return 'NO_AMOUNT';
  if (reference.amountMinor > MAX_PAYMENT_KOPECKS) return 'OVER_LIMIT';
  if (reference.paymentStatus !== 'paid') return 'NOT_PAID';
  return null;
}

const UNDECIDED = { outcome: 'NEEDS_REVIEW', review: null } as const;

/**
 * The undecided NEEDS_REVIEW events, newest first, with what staff need to decide (SUPPORT or
 * higher). Pages are numbered from 1; a page beyond the last is empty.
 */
export async function listUnmatchedPayments(
  db: PrismaClient | Tx,
  actor: StaffActor,
  options: { page: number; pageSize: number },
): Promise<UnmatchedPaymentPage> {
  requireRole(actor, 'SUPPORT');
  if (!Number.isInteger(options.page) || options.page < 1) {
    throw new AppError('INVALID_INPUT', 'page must be a whole number from 1', {
      field: 'page',
      problem: 'OUT_OF_RANGE',
    });
  }
  if (
    !Number.isInteger(options.pageSize) ||
    options.pageSize < 1 ||
    options.pageSize > MAX_UNMATCHED_PAGE_SIZE
  ) {
    throw new RangeError(`pageSize must be 1–${MAX_UNMATCHED_PAGE_SIZE}`);
  }
  const [events, total] = await Promise.all([
    db.webhookEvent.findMany({
      where: UNDECIDED,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize + 1,
      select: {
        id: true,
        provider: true,
        eventId: true,
        type: true,
        receivedAt: true,
        detail: true,
      },
    }),
    db.webhookEvent.count({ where: UNDECIDED }),
  ]);
  return {
    hasMore: events.length > options.pageSize,
    total,
    rows: events.slice(0, options.pageSize).map((event) => {
      const { message, payment } = readReviewDetail(event.detail);
      return {
        id: event.id,
        provider: event.provider,
        eventId: event.eventId,
        type: event.type,
        receivedAt: event.receivedAt,
        reason: message,
        detail: event.detail,
        amountMinor: payment?.amountMinor ?? null,
        currency: payment?.currency ?? null,
        accountReference: payment?.accountReference ?? null,
        providerPaymentId: payment?.providerPaymentId ?? null,
        checkoutSessionId: payment?.checkoutSessionId ?? null,
        attachProblem: attachProblemOf(event.type, payment),
      };
    }),
  };
}

/**
 * Locks the event's row for the decision (a second tab waits here, then finds it decided):
 * NOT_FOUND, or CONFLICT when it is not awaiting review or already decided.
 */
async function lockUndecided(tx: Tx, webhookEventId: number) {
  const locked = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM webhook_event WHERE id = ${webhookEventId} FOR UPDATE`;
  const event = locked[0]
    ? await tx.webhookEvent.findUnique({
        where: { id: webhookEventId },
        select: {
          id: true,
          provider: true,
          eventId: true,
          type: true,
          outcome: true,
          review: true,
          detail: true,
        },
      })
    : null;
  if (!event) {
    throw new AppError('NOT_FOUND', 'no such webhook event', { what: 'webhookEvent' });
  }
  if (event.outcome !== 'NEEDS_REVIEW') {
    throw new AppError('CONFLICT', 'the event did not need review', { reason: 'NOT_FOR_REVIEW' });
  }
  if (event.review !== null) {
    throw new AppError('CONFLICT', `the event was already decided (${event.review})`, {
      reason: 'ALREADY_DECIDED',
    });
  }
  return event;
}

/** Marks the locked event decided; the WHERE repeats the guard (never two decisions). */
async function decide(
  tx: Tx,
  webhookEventId: number,
  data: Prisma.WebhookEventUncheckedUpdateManyInput,
): Promise<void> {
  const updated = await tx.webhookEvent.updateMany({
    where: { id: webhookEventId, ...UNDECIDED },
    data,
  });
  if (updated.count !== 1) {
    throw new AppError('CONFLICT', 'the event was already decided', { reason: 'ALREADY_DECIDED' });
  }
}

export type AttachedPayment = {
  webhookEventId: number;
  paymentId: number;
  receiptNumber: string;
  accountId: number;
  accountNumber: string;
  amountKopecks: number;
  /**
   * false: this provider payment was already booked on the same account (by another event of
   * the same payment); the event is linked to it and nothing is booked twice.
   */
  booked: boolean;
  /** The call-list change the booking caused (null when nothing was booked). */
  callList: CallListChange | null;
};

/**
 * Attaches an unmatched payment to an account (SUPPORT or higher), in ONE transaction: the
 * payment is booked exactly as the webhook books an online payment (bookProviderPayment: the
 * payment row unique on the provider's payment id, the PAYMENT ledger entry with the call-list
 * re-evaluation, the confirmation SMS job for an SMS account), the event is marked ATTACHED
 * with the note, the staff member and the account, and `payment.attach` is audited.
 *
 * Exactly once: the event's row is locked first, so a second tab waits and then gets CONFLICT
 * with nothing changed; the payment's unique key means two events of one payment book once.
 * The payment is dated when it is attached (the event keeps its received_at).
 *
 * Throws INVALID_INPUT (`note` EMPTY / TOO_LONG; `account` malformed; `payment` with an
 * UnmatchedPaymentProblem: not UAH, no usable amount, … — refund those instead), NOT_FOUND
 * (`webhookEvent`, `account`), CONFLICT (NOT_FOR_REVIEW, ALREADY_DECIDED, or
 * BOOKED_ON_ANOTHER_ACCOUNT when this payment is already booked on another account), FORBIDDEN.
 */
export async function attachUnmatchedPayment(
  prisma: PrismaClient,
  actor: StaffActor,
  options: {
    webhookEventId: number;
    accountNumber: string;
    note: string;
    rules: BillingRules;
    scheme: AccountNumberScheme;
    /** The queue adapter: the confirmation SMS for an account that chose SMS, as online. */
    enqueuePaymentConfirmation: EnqueuePaymentConfirmation;
    now?: Date;
  },
): Promise<AttachedPayment> {
  requireRole(actor, 'SUPPORT');
  const note = cleanStaffNote(options.note, "the decision's note");
  const parsed = parseAccountNumber(options.accountNumber, options.scheme);
  if (!parsed.ok) {
    throw new AppError('INVALID_INPUT', 'not an account number', {
      field: 'account',
      problem: parsed.problem,
    });
  }
  const now = options.now ?? new Date();
  return prisma.$transaction(
    async (tx) => {
      const event = await lockUndecided(tx, options.webhookEventId);
      const { payment: reference } = readReviewDetail(event.detail);
      const problem = attachProblemOf(event.type, reference);
      if (problem || !reference?.providerPaymentId || reference.amountMinor === null) {
        throw new AppError('INVALID_INPUT', `this event cannot be attached (${problem})`, {
          field: 'payment',
          problem: problem ?? 'NO_REFERENCE',
        });
      }
      const account = await tx.account.findUnique({
        where: { number: parsed.accountNumber },
        select: { id: true, number: true },
      });
      if (!account) throw new AppError('NOT_FOUND', 'no such account', { what: 'account' });

      const booking = await bookProviderPayment(
        {
          tx,
          now,
          rules: options.rules,
          enqueuePaymentConfirmation: options.enqueuePaymentConfirmation,
        },
        {
          providerPaymentId: reference.providerPaymentId,
          checkoutSessionId: reference.checkoutSessionId,
          shares: [{ accountId: account.id, amountKopecks: reference.amountMinor }],
        },
      );
      // Staff attach the whole payment to one account; booked before (on any account, or
      // split over linked accounts), it is not booked again.
      const booked = booking.shares[0];
      if (!booked || booking.shares.length !== 1 || booked.accountId !== account.id) {
        throw new AppError('CONFLICT', 'this payment is already booked on another account', {
          reason: 'BOOKED_ON_ANOTHER_ACCOUNT',
        });
      }
      const payment = await tx.payment.findUniqueOrThrow({
        where: { id: booked.paymentId },
        select: { receiptNumber: true, amountKopecks: true },
      });
      await decide(tx, event.id, {
        review: 'ATTACHED',
        reviewNote: note,
        reviewedById: actor.staffUserId,
        reviewedAt: now,
        attachedAccountId: account.id,
        paymentId: booked.paymentId,
      });
      await recordAudit(tx, actor, {
        action: 'payment.attach',
        accountId: account.id,
        targetType: 'webhook_event',
        targetId: event.id,
        detail: {
          eventId: event.eventId,
          providerPaymentId: reference.providerPaymentId,
          amountKopecks: payment.amountKopecks,
          paymentId: booked.paymentId,
          receiptNumber: payment.receiptNumber,
          booked: booking.created,
          note,
        },
      });
      return {
        webhookEventId: event.id,
        paymentId: booked.paymentId,
        receiptNumber: payment.receiptNumber,
        accountId: account.id,
        accountNumber: account.number,
        amountKopecks: payment.amountKopecks,
        booked: booking.created,
        callList: booked.callList ?? null,
      };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

export type MarkedForRefund = {
  webhookEventId: number;
  provider: PaymentProvider;
  eventId: string;
  /** What to look up in the provider's dashboard (null where the event did not carry it). */
  providerPaymentId: string | null;
  amountMinor: number | null;
  currency: string | null;
  /**
   * Marking records the decision only: nothing is booked and no money moves here. The refund
   * itself is made by hand in the provider's dashboard (Stripe: Payments → the payment →
   * Refund); its `charge.refunded` event then finds no booked payment and is recorded for review.
   */
  refundVia: 'PROVIDER_DASHBOARD';
};

/**
 * Decides an unmatched event as REFUND (SUPPORT or higher), once, with the note and the staff
 * member, audited as `payment.refund` in the same transaction. The money is returned in the
 * provider's dashboard, not here (see `MarkedForRefund.refundVia`). Any undecided NEEDS_REVIEW
 * event may be marked (a wrong currency, an amount over the limit, an unknown account no one
 * can identify).
 *
 * Throws INVALID_INPUT (`note`), NOT_FOUND (`webhookEvent`), CONFLICT (NOT_FOR_REVIEW,
 * ALREADY_DECIDED), FORBIDDEN.
 */
export async function markUnmatchedForRefund(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { webhookEventId: number; note: string; now?: Date },
): Promise<MarkedForRefund> {
  requireRole(actor, 'SUPPORT');
  const note = cleanStaffNote(options.note, "the decision's note");
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const event = await lockUndecided(tx, options.webhookEventId);
    const { payment: reference } = readReviewDetail(event.detail);
    await decide(tx, event.id, {
      review: 'REFUND',
      reviewNote: note,
      reviewedById: actor.staffUserId,
      reviewedAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'payment.refund',
      targetType: 'webhook_event',
      targetId: event.id,
      detail: {
        eventId: event.eventId,
        providerPaymentId: reference?.providerPaymentId ?? null,
        amountMinor: reference?.amountMinor ?? null,
        currency: reference?.currency ?? null,
        note,
      },
    });
    return {
      webhookEventId: event.id,
      provider: event.provider,
      eventId: event.eventId,
      providerPaymentId: reference?.providerPaymentId ?? null,
      amountMinor: reference?.amountMinor ?? null,
      currency: reference?.currency ?? null,
      refundVia: 'PROVIDER_DASHBOARD',
    };
  });
}
