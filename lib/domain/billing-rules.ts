/**
 * The configurable numbers of DESIGN rules 2 and 3, with their defaults. The server reads
 * overrides from the environment (lib/server/env.ts) and passes them in; domain functions take
 * them as options so that tests can state them explicitly.
 */
export type BillingRules = {
  /** An accrual for month M is due at the end of month M + dueMonthsAfter (rule 2). */
  dueMonthsAfter: number;
  /** On the call list once the oldest unsettled overdue accrual is this many full months overdue. */
  callListMinOverdueMonths: number;
  /** ... and the overdue amount is at least this much. */
  callListMinOverdueKopecks: number;
};

export const DEFAULT_BILLING_RULES: BillingRules = {
  dueMonthsAfter: 1,
  callListMinOverdueMonths: 3,
  callListMinOverdueKopecks: 10_000,
};
