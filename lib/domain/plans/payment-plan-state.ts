import 'server-only';
import { kyivDay } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import type { PaymentPlanStatus } from '../../server/generated/prisma/enums';
import { creditsOf } from '../arrears/age-arrears';
import { readMonthlyDebits } from '../arrears/get-account-arrears';
import type { BillingRules } from '../billing-rules';
import type { DayKey, Instalment } from './plan-schedule';
import { type PlanStanding, paymentPlanStanding } from './plan-standing';

/** A plan as the pages and the job see it: its schedule, what was paid, and where it stands. */
export type PaymentPlanView = {
  id: number;
  accountId: number;
  status: PaymentPlanStatus;
  totalKopecks: number;
  instalmentCount: number;
  locale: 'uk' | 'ru' | 'en';
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  reviewReason: string | null;
  decisionNote: string | null;
  instalments: Instalment[];
  /** Paid since the request, towards the plan (0 … total). */
  paidKopecks: number;
  /** Where an ACTIVE plan stands today; null for a plan in any other status. */
  standing: PlanStanding | null;
};

const dayKey = (date: Date): DayKey => date.toISOString().slice(0, 10);

/**
 * What the account has paid since `creditsBase` was taken, recomputed: its credits now (month
 * debits minus balance, the FIFO rule's credits) less the credits then. The plan's debt is the
 * oldest, so every credit goes to it first. The plans keep this figure (`paid_kopecks`, by a
 * ledger trigger); this is what db:verify and the tests check it against.
 */
export async function paidSince(
  db: PrismaClient | Tx,
  accountId: number,
  creditsBase: bigint,
): Promise<number> {
  const [debits, account] = await Promise.all([
    readMonthlyDebits(db, { accountId }),
    db.account.findUniqueOrThrow({ where: { id: accountId }, select: { balanceKopecks: true } }),
  ]);
  return creditsOf(debits, account.balanceKopecks) - Number(creditsBase);
}

/** The account's credits now (the base a new plan records). */
export async function currentCredits(db: PrismaClient | Tx, accountId: number): Promise<number> {
  return paidSince(db, accountId, 0n);
}

const PLAN_SELECT = {
  id: true,
  accountId: true,
  status: true,
  totalKopecks: true,
  instalmentCount: true,
  creditsBaseKopecks: true,
  paidKopecks: true,
  locale: true,
  requestedAt: true,
  startedAt: true,
  endedAt: true,
  reviewReason: true,
  decisionNote: true,
  instalments: {
    select: { seq: true, dueDate: true, amountKopecks: true },
    orderBy: { seq: 'asc' },
  },
} as const;

type PlanRow = {
  id: number;
  accountId: number;
  status: PaymentPlanStatus;
  totalKopecks: number;
  instalmentCount: number;
  creditsBaseKopecks: bigint;
  paidKopecks: bigint;
  locale: 'uk' | 'ru' | 'en';
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  reviewReason: string | null;
  decisionNote: string | null;
  instalments: { seq: number; dueDate: Date; amountKopecks: number }[];
};

function viewOf(row: PlanRow, options: { asOf: Date; rules: BillingRules }): PaymentPlanView {
  const instalments = row.instalments.map((i) => ({
    seq: i.seq,
    dueDate: dayKey(i.dueDate),
    amountKopecks: i.amountKopecks,
  }));
  // The kept figure (a ledger trigger adds every credit); paidSince recomputes it.
  const paid = Number(row.paidKopecks);
  const { creditsBaseKopecks: _base, paidKopecks: _paid, instalments: _rows, ...rest } = row;
  return {
    ...rest,
    instalments,
    paidKopecks: Math.min(row.totalKopecks, Math.max(0, paid)),
    standing:
      row.status === 'ACTIVE'
        ? paymentPlanStanding({
            instalments,
            paidKopecks: paid,
            today: kyivDay(options.asOf),
            graceDays: options.rules.paymentPlanGraceDays,
          })
        : null,
  };
}

/** One plan by id (any account): for staff and the job. */
export async function getPaymentPlan(
  db: PrismaClient | Tx,
  options: { planId: number; asOf?: Date; rules: BillingRules },
): Promise<PaymentPlanView | null> {
  const row = await db.paymentPlan.findUnique({
    where: { id: options.planId },
    select: PLAN_SELECT,
  });
  return row ? viewOf(row, { asOf: options.asOf ?? new Date(), rules: options.rules }) : null;
}

/**
 * The account's plans, newest first (the live one, if any, is first): what the overview, the
 * plan page and the staff account page show. The caller has proved who may see the account.
 */
export async function listPaymentPlans(
  db: PrismaClient | Tx,
  options: { accountId: number; asOf?: Date; rules: BillingRules; take?: number },
): Promise<PaymentPlanView[]> {
  const rows = await db.paymentPlan.findMany({
    where: { accountId: options.accountId },
    orderBy: { id: 'desc' },
    take: options.take ?? 10,
    select: PLAN_SELECT,
  });
  const asOf = options.asOf ?? new Date();
  return rows.map((row) => viewOf(row, { asOf, rules: options.rules }));
}
