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

/**
 * One account's call-list evaluation (DESIGN rule 3) by the one SQL definition. An account
 * that owes nothing and has no open stay is outside the query's scope: it is PAID.
 */
export async function evaluateCallList(
  db: PrismaClient | Tx,
  options: { accountId: number; asOf: Date; rules: BillingRules },
): Promise<CallListEvaluation> {
  const [row] = await db.$queryRawUnsafe<EvaluationRow[]>(
    EVALUATE_CALL_LIST_SQL,
    ...callListParams(options.asOf, options.rules, { accountId: options.accountId }),
  );
  if (!row)
    return {
      accountId: options.accountId,
      phone: null,
      overdue: 0,
      overdueMonths: 0,
      reason: 'PAID',
    };
  return {
    accountId: row.account_id,
    phone: row.phone,
    overdue: row.overdue,
    overdueMonths: row.overdue_months,
    reason: row.reason,
  };
}
