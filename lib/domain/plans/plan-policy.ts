/**
 * The numbers of payment plans (docs/payment-plans.md). Defaults live in the environment
 * schema (lib/server/env.ts, `getPaymentPlanPolicy()`); entry points pass them down.
 */
export type PaymentPlanPolicy = {
  /** The instalments a resident may choose between (inclusive). */
  minInstalments: number;
  maxInstalments: number;
  /** Plans of at most this overdue amount start at once… */
  autoMaxKopecks: number;
  /** …of at most this many instalments… */
  autoMaxInstalments: number;
  /** …for an account with no plan broken in this many months; others wait for SUPPORT. */
  brokenCooldownMonths: number;
};

/** Why a plan request waits for staff instead of starting at once (null: it starts). */
export type PlanReviewReason = 'AMOUNT' | 'INSTALMENTS' | 'RECENTLY_BROKEN';

export function planReviewReason(
  request: { totalKopecks: number; instalments: number; brokenRecently: boolean },
  policy: PaymentPlanPolicy,
): PlanReviewReason | null {
  if (request.brokenRecently) return 'RECENTLY_BROKEN';
  if (request.totalKopecks > policy.autoMaxKopecks) return 'AMOUNT';
  if (request.instalments > policy.autoMaxInstalments) return 'INSTALMENTS';
  return null;
}
