import type { CallListReason } from '../../server/generated/prisma/enums';

export type { CallListReason };

/** One account's call-list evaluation, as EVALUATE_CALL_LIST_SQL returns it. */
export type CallListEvaluation = {
  accountId: number;
  phone: string | null;
  overdue: number;
  overdueMonths: number;
  /** OVERDUE means "belongs on the list"; anything else is why it does not. */
  reason: CallListReason;
};

export type CallListChange = 'ADDED' | 'REMOVED' | 'UPDATED' | 'UNCHANGED';
