/**
 * The configurable numbers of DESIGN rules 2 and 3. Their defaults live in one place, the
 * environment schema (lib/server/env.ts, `getBillingRules()`); every entry point (route,
 * action, CLI, seed, benchmark, worker) reads them there and passes them down. Domain
 * functions take them as a required argument: there is no default below the entry points, so
 * no caller can silently compute a different call list from the one the webhook computes.
 */
export type BillingRules = {
  /** An accrual for month M is due at the end of month M + dueMonthsAfter (rule 2). */
  dueMonthsAfter: number;
  /** On the call list once the oldest unsettled overdue accrual is this many full months overdue. */
  callListMinOverdueMonths: number;
  /** ... and the overdue amount is at least this much. */
  callListMinOverdueKopecks: number;
  /**
   * A payment plan in good standing keeps the account off the list (reason PAYMENT_PLAN); an
   * instalment still unpaid this many days after its due date breaks the plan.
   */
  paymentPlanGraceDays: number;
};
