import 'server-only';
import { type MonthKey, monthKeyOfDate } from '../../dates';
import type { PrismaClient } from '../../server/db';
import type {
  DisputeCategory,
  DisputeResolution,
  DisputeStatus,
} from '../../server/generated/prisma/enums';
import { AppError } from '../app-error';

export type ResidentDisputeSummary = {
  id: number;
  category: DisputeCategory;
  status: DisputeStatus;
  /** Set once RESOLVED. */
  outcome: DisputeResolution | null;
  periodMonth: MonthKey | null;
  createdAt: Date;
  /** The Kyiv day by which the utility must answer ('YYYY-MM-DD'), if set. */
  dueOn: string | null;
  resolvedAt: Date | null;
};

/** What the open-a-dispute form offers: only the account's own months and payments. */
export type DisputeFormChoices = {
  /** Months the account was charged for, newest first. */
  months: MonthKey[];
  /** The account's payments, newest first. */
  payments: { id: number; receiptNumber: string; paidAt: Date; amountKopecks: number }[];
};

export type ResidentDisputeMessage = {
  id: number;
  /**
   * Who wrote it. A staff reply is shown as from the support team: no staff name or e-mail
   * reaches the resident's page.
   */
  author: 'RESIDENT' | 'SUPPORT';
  body: string;
  createdAt: Date;
};

export type ResidentDisputeResolution =
  | {
      kind: 'ACCEPTED';
      resolvedAt: Date;
      /** The answer written for the resident, if any. */
      note: string | null;
      /** Sum of the adjustments posted for this dispute (negative: the debt went down). */
      adjustmentKopecks: number;
      /** The account's balance now, corrections included (positive: owed). */
      balanceKopecks: number;
    }
  | { kind: 'REJECTED'; resolvedAt: Date; reason: string };

export type ResidentDispute = ResidentDisputeSummary & {
  description: string;
  payment: { receiptNumber: string; paidAt: Date; amountKopecks: number } | null;
  /** The thread after the description, oldest first. */
  messages: ResidentDisputeMessage[];
  resolution: ResidentDisputeResolution | null;
};

const SUMMARY_SELECT = {
  id: true,
  category: true,
  status: true,
  resolution: true,
  periodMonth: true,
  createdAt: true,
  dueOn: true,
  resolvedAt: true,
} as const;

type SummaryRow = {
  id: number;
  category: DisputeCategory;
  status: DisputeStatus;
  resolution: DisputeResolution | null;
  periodMonth: Date | null;
  createdAt: Date;
  dueOn: Date | null;
  resolvedAt: Date | null;
};

function summary(row: SummaryRow): ResidentDisputeSummary {
  return {
    id: row.id,
    category: row.category,
    status: row.status,
    outcome: row.resolution,
    periodMonth: row.periodMonth ? monthKeyOfDate(row.periodMonth) : null,
    createdAt: row.createdAt,
    dueOn: row.dueOn ? row.dueOn.toISOString().slice(0, 10) : null,
    resolvedAt: row.resolvedAt,
  };
}

/**
 * The signed-in resident's disputes (DESIGN rule 7), newest first, the unresolved one if any
 * (at most one per account), and the choices of the open-a-dispute form. Everything is read
 * for `accountId` only, which the caller took from the session.
 */
export async function getResidentDisputes(
  db: PrismaClient,
  options: { accountId: number },
): Promise<{
  disputes: ResidentDisputeSummary[];
  unresolvedId: number | null;
  choices: DisputeFormChoices;
}> {
  const { accountId } = options;
  const [rows, months, payments] = await Promise.all([
    db.dispute.findMany({
      where: { accountId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 100,
      select: SUMMARY_SELECT,
    }),
    db.$queryRawUnsafe<{ month: Date }[]>(
      `SELECT DISTINCT period_month AS month FROM ledger_entry
        WHERE account_id = $1 AND kind = 'ACCRUAL'
        ORDER BY period_month DESC LIMIT 60`,
      accountId,
    ),
    db.payment.findMany({
      where: { accountId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 50,
      select: {
        id: true,
        receiptNumber: true,
        succeededAt: true,
        createdAt: true,
        amountKopecks: true,
      },
    }),
  ]);
  const disputes = rows.map(summary);
  return {
    disputes,
    unresolvedId: disputes.find((dispute) => dispute.status !== 'RESOLVED')?.id ?? null,
    choices: {
      months: months.map((row) => monthKeyOfDate(row.month)),
      payments: payments.map((payment) => ({
        id: payment.id,
        receiptNumber: payment.receiptNumber,
        paidAt: payment.succeededAt ?? payment.createdAt,
        amountKopecks: payment.amountKopecks,
      })),
    },
  };
}

/**
 * One dispute of the signed-in resident's account, with its thread and, once resolved, the
 * outcome: ACCEPTED with the adjustments posted for it and the balance now, or REJECTED with
 * the reason. A dispute of another account is NOT_FOUND (404), exactly like an unknown id.
 */
export async function getResidentDispute(
  db: PrismaClient,
  options: { accountId: number; disputeId: number },
): Promise<ResidentDispute> {
  const { accountId, disputeId } = options;
  if (!(Number.isSafeInteger(disputeId) && disputeId > 0)) {
    throw new AppError('NOT_FOUND', 'no such dispute', { what: 'dispute' });
  }
  const row = await db.dispute.findFirst({
    where: { id: disputeId, accountId },
    select: {
      ...SUMMARY_SELECT,
      description: true,
      resolutionNote: true,
      payment: {
        select: { receiptNumber: true, succeededAt: true, createdAt: true, amountKopecks: true },
      },
      messages: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, authorKind: true, body: true, createdAt: true },
      },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', 'no such dispute', { what: 'dispute' });

  let resolution: ResidentDisputeResolution | null = null;
  if (row.status === 'RESOLVED' && row.resolvedAt && row.resolution === 'REJECTED') {
    resolution = { kind: 'REJECTED', resolvedAt: row.resolvedAt, reason: row.resolutionNote ?? '' };
  } else if (row.status === 'RESOLVED' && row.resolvedAt && row.resolution === 'ACCEPTED') {
    const [adjustments, account, approved] = await Promise.all([
      db.ledgerEntry.aggregate({
        where: { accountId, disputeId, kind: 'ADJUSTMENT' },
        _sum: { amountKopecks: true },
      }),
      db.account.findUniqueOrThrow({ where: { id: accountId }, select: { balanceKopecks: true } }),
      db.adjustmentRequest.findFirst({
        where: { accountId, disputeId, status: 'APPROVED', residentNote: { not: null } },
        orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
        select: { residentNote: true },
      }),
    ]);
    resolution = {
      kind: 'ACCEPTED',
      resolvedAt: row.resolvedAt,
      note: row.resolutionNote ?? approved?.residentNote ?? null,
      adjustmentKopecks: adjustments._sum.amountKopecks ?? 0,
      balanceKopecks: account.balanceKopecks,
    };
  }

  return {
    ...summary(row),
    description: row.description,
    payment: row.payment
      ? {
          receiptNumber: row.payment.receiptNumber,
          paidAt: row.payment.succeededAt ?? row.payment.createdAt,
          amountKopecks: row.payment.amountKopecks,
        }
      : null,
    messages: row.messages.map((message) => ({
      id: message.id,
      author: message.authorKind === 'STAFF' ? 'SUPPORT' : 'RESIDENT',
      body: message.body,
      createdAt: message.createdAt,
    })),
    resolution,
  };
}
