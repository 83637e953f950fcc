import type { AccountNumberProblem } from './accounts/account-number';
import type { OneTimeCodeProblem } from './auth/one-time-code';
import type { RegistryFileProblem } from './imports/registry-file-problem';
import type { PaymentAmountProblem } from './payments/payment-limits';
import type { NormaliseMobileProblem as MobilePhoneProblem } from './phones/normalise-mobile-phone';
import type { SearchQueryProblem } from './staff/search-accounts';
import type { UnmatchedPaymentProblem } from './staff/unmatched-payments';

/**
 * What is wrong with a dispute's text (its description, or a reply in its thread): shorter than
 * the minimum once trimmed, or longer than MAX_DISPUTE_TEXT (lib/domain/staff/staff-policy.ts).
 */
export type DisputeTextProblem = 'TOO_SHORT' | 'TOO_LONG';

/**
 * The one error type domain functions throw for expected failures. Edges map `code` (and the
 * typed `details`) to an HTTP status, a page or a form message: lib/server/http.ts for JSON
 * APIs, each action's own result for forms. Anything else thrown is a bug or an outage (500).
 *
 * `details` is typed per code: a consumer narrows with `isAppError(error, 'RATE_LIMITED')`
 * and then reads `error.details.reason` with the compiler checking every case.
 */
export type AppErrorDetails = {
  INVALID_INPUT:
    | { field: 'account'; problem: AccountNumberProblem }
    | { field: 'amount'; problem: PaymentAmountProblem; accountId?: number }
    /** A payment plan's number of instalments (lib/domain/plans). */
    | { field: 'instalments'; problem: 'OUT_OF_RANGE' }
    /** A checkout for several linked accounts (start-checkout.ts), as a whole. */
    | { field: 'form'; problem: 'NOTHING' | 'TOTAL_TOO_LARGE' | 'UNLINKED' }
    | { field: 'phone'; problem: 'NO_PHONE' | MobilePhoneProblem }
    | { field: 'code'; problem: 'WRONG' | 'NO_CODE' | OneTimeCodeProblem }
    | { field: 'description' | 'message'; problem: DisputeTextProblem }
    | { field: 'category' | 'month' | 'payment'; problem: 'UNKNOWN' }
    | { field: 'query'; problem: SearchQueryProblem }
    | { field: 'page'; problem: 'OUT_OF_RANGE' }
    /** A tariff to schedule (lib/domain/tariffs): a rate, or a month that is closed. */
    | { field: 'rate'; problem: 'NOT_A_RATE' | 'TOO_HIGH' }
    | { field: 'month'; problem: 'CLOSED' }
    | { field: 'service'; problem: 'UNKNOWN' }
    /** An uploaded payment registry (lib/domain/imports) that cannot be imported at all. */
    | { field: 'file'; problem: RegistryFileProblem }
    /** A staff decision's note (unmatched payments): empty, or longer than MAX_STAFF_NOTE. */
    | { field: 'note'; problem: 'EMPTY' | 'TOO_LONG' }
    /** An unmatched payment that cannot be attached (refund it instead). */
    | { field: 'payment'; problem: UnmatchedPaymentProblem }
    | undefined;
  NOT_FOUND:
    | { what: 'account' }
    | { what: 'dispute' }
    | { what: 'webhookEvent' }
    | { what: 'paymentPlan' }
    | { what: 'paymentImport' }
    | { what: 'tariff' }
    | undefined;
  /**
   * Unmatched payments: NOT_FOR_REVIEW (the event did not need review), ALREADY_DECIDED (another
   * decision came first), BOOKED_ON_ANOTHER_ACCOUNT (that payment is booked elsewhere already).
   */
  CONFLICT:
    | { reason: 'NOT_FOR_REVIEW' | 'ALREADY_DECIDED' | 'BOOKED_ON_ANOTHER_ACCOUNT' }
    /** Payment plans: a live plan exists already, or nothing is overdue; a decision too late. */
    | { reason: 'PLAN_EXISTS' | 'NOTHING_OVERDUE' | 'PLAN_NOT_PENDING' | 'PLAN_NOT_LIVE' }
    /** A tariff a closed (or closing) period used: history, never changed. */
    | { reason: 'TARIFF_FROZEN' }
    /** A period close already asked for, running, or done. */
    | { reason: 'CLOSE_RUNNING' | 'PERIOD_CLOSED' }
    | undefined;
  PERIOD_OUT_OF_ORDER: { expected: string };
  PERIOD_NOT_ENDED: undefined;
  /** CLIENT: this client's budget; RESEND: a code was sent moments ago; LOCKED: the account's. */
  RATE_LIMITED:
    | { reason: 'CLIENT' | 'RESEND'; retryAfterSeconds: number }
    | { reason: 'LOCKED'; unlocksAt: Date };
  /** INVALID: a wrong number or code, with this client's failures left before its lock. */
  UNAUTHORIZED: { reason: 'INVALID'; remainingAttempts?: number } | undefined;
  FORBIDDEN: undefined;
};

export type AppErrorCode = keyof AppErrorDetails;

export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  readonly code: C;
  readonly details: AppErrorDetails[C];

  constructor(
    code: C,
    message: string,
    ...details: undefined extends AppErrorDetails[C]
      ? [details?: AppErrorDetails[C]]
      : [details: AppErrorDetails[C]]
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details[0] as AppErrorDetails[C];
  }
}

export function isAppError<C extends AppErrorCode = AppErrorCode>(
  error: unknown,
  code?: C,
): error is AppError<C> {
  return error instanceof AppError && (code === undefined || error.code === code);
}
