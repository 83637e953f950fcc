import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import type { CallListEvaluation, CallListReason } from './call-list-reason';
import { callListParams, EVALUATE_CALL_LIST_SQL } from './evaluate-call-list-sql';

type EvaluationRow = {
  account_id: number;
  phone: string | null;
  overdue: number;
  overdue_months: number;
  reason: CallListReason;
};

/** An account outside the query's scope (it owes nothing and has no open stay): PAID. */
function paid(accountId: number): CallListEvaluation {
  return { accountId, phone: null, overdue: 0, overdueMonths: 0, reason: 'PAID' };
}

/**
 * The call-list evaluation (DESIGN rule 3) of each of `accountIds` by the one SQL definition,
 * in one query: one account, or a batch's accounts for a set-based posting.
 */
export async function evaluateCallListOf(
  db: PrismaClient | Tx,
  options: { accountIds: readonly number[]; asOf: Date; rules: BillingRules },
): Promise<Map<number, CallListEvaluation>> {
  const rows = await db.$queryRawUnsafe<EvaluationRow[]>(
    EVALUATE_CALL_LIST_SQL,
    ...callListParams(options.asOf, options.rules, { accountIds: options.accountIds }),
  );
  const evaluations = new Map(options.accountIds.map((id) => [id, paid(id)]));
  for (const row of rows) {
    evaluations.set(row.account_id, {
      accountId: row.account_id,
      phone: row.phone,
      overdue: row.overdue,
      overdueMonths: row.overdue_months,
      reason: row.reason,
    });
  }
  return evaluations;
}

/** One account's call-list evaluation (DESIGN rule 3) by the one SQL definition. */
export async function evaluateCallList(
  db: PrismaClient | Tx,
  options: { accountId: number; asOf: Date; rules: BillingRules },
): Promise<CallListEvaluation> {
  const evaluations = await evaluateCallListOf(db, {
    accountIds: [options.accountId],
    asOf: options.asOf,
    rules: options.rules,
  });
  return evaluations.get(options.accountId) ?? paid(options.accountId);
}
