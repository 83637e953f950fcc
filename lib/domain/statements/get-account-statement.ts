import 'server-only';
import { addMonths, kyivMonthOf, type MonthKey, monthKeyOfDate, monthStartDate } from '../../dates';
import type { PrismaClient } from '../../server/db';
import { withServiceAndTariff } from '../ledger/with-service-and-tariff';

export type ServiceName = { code: string; uk: string; ru: string; en: string };

export type StatementAccrual = {
  service: ServiceName;
  areaCentiSqm: number;
  rateKopecksPerSqm: number;
  tariffEffectiveFrom: MonthKey;
  amount: number;
};

export type StatementMovement = {
  kind: 'PAYMENT' | 'ADJUSTMENT' | 'REVERSAL';
  at: Date;
  amount: number;
  memo: string | null;
  receiptNumber: string | null;
};

export type StatementMonth = {
  month: MonthKey;
  openingBalance: number;
  accruals: StatementAccrual[];
  movements: StatementMovement[];
  charged: number;
  paid: number;
  closingBalance: number;
};

export type AccountStatement = {
  months: StatementMonth[];
  from: MonthKey;
  to: MonthKey;
  /** Whether the ledger has entries before `from` (an earlier page of the statement exists). */
  hasEarlier: boolean;
  /** Whether `to` is before the current Kyiv month (a later page exists). */
  hasLater: boolean;
};

/**
 * A resident's statement, month by month (oldest first): each accrual line with the area and
 * the rate of the tariff in force (area × rate = amount, recorded when it was accrued), the
 * payments, adjustments and reversals booked in that Kyiv month, and the running balance.
 * `months` months ending with `to` (default and latest: the current Kyiv month), so a long
 * history is read a page at a time. Opening balance of the first month = everything before it,
 * so the closing balance of the current month is always the ledger balance.
 */
export async function getAccountStatement(
  prisma: PrismaClient,
  options: { accountId: number; months?: number; to?: MonthKey; asOf?: Date },
): Promise<AccountStatement> {
  const current = kyivMonthOf(options.asOf ?? new Date());
  const to = options.to !== undefined && options.to < current ? options.to : current;
  const from = addMonths(to, -((options.months ?? 24) - 1));
  const fromDate = monthStartDate(from);

  const [opening] = await prisma.$queryRawUnsafe<{ balance: bigint; earlier: boolean }[]>(
    `SELECT coalesce(sum(amount_kopecks), 0)::bigint AS balance, count(*) > 0 AS earlier
       FROM ledger_entry
      WHERE account_id = $1
        AND CASE WHEN kind = 'ACCRUAL' THEN period_month
                 ELSE date_trunc('month', effective_at AT TIME ZONE 'Europe/Kyiv')::date END < $2::date`,
    options.accountId,
    `${from}-01`,
  );
  const accruals = (
    await withServiceAndTariff(
      prisma,
      await prisma.ledgerEntry.findMany({
        where: {
          accountId: options.accountId,
          kind: 'ACCRUAL',
          periodMonth: { gte: fromDate, lte: monthStartDate(to) },
        },
        orderBy: [{ periodMonth: 'asc' }, { serviceId: 'asc' }],
        select: {
          periodMonth: true,
          amountKopecks: true,
          areaCentiSqm: true,
          serviceId: true,
          tariffId: true,
        },
      }),
    )
  ).sort(
    (a, b) =>
      (a.periodMonth?.getTime() ?? 0) - (b.periodMonth?.getTime() ?? 0) ||
      (a.service?.sortOrder ?? 0) - (b.service?.sortOrder ?? 0),
  );
  const movements = await prisma.$queryRawUnsafe<
    {
      kind: StatementMovement['kind'];
      at: Date;
      amount: number;
      memo: string | null;
      receipt: string | null;
      month: Date;
    }[]
  >(
    `SELECT l.kind, l.effective_at AS at, l.amount_kopecks AS amount, l.memo, p.receipt_number AS receipt,
            date_trunc('month', l.effective_at AT TIME ZONE 'Europe/Kyiv')::date AS month
       FROM ledger_entry l LEFT JOIN payment p ON p.id = l.payment_id
      WHERE l.account_id = $1 AND l.kind <> 'ACCRUAL'
        AND date_trunc('month', l.effective_at AT TIME ZONE 'Europe/Kyiv')::date BETWEEN $2::date AND $3::date
      ORDER BY l.effective_at, l.id`,
    options.accountId,
    `${from}-01`,
    `${to}-01`,
  );

  const months: StatementMonth[] = [];
  let balance = Number(opening?.balance ?? 0n);
  for (let month = from; month <= to; month = addMonths(month, 1)) {
    const monthAccruals = accruals
      .filter((entry) => entry.periodMonth && monthKeyOfDate(entry.periodMonth) === month)
      .map((entry) => ({
        service: {
          code: entry.service?.code ?? '',
          uk: entry.service?.nameUk ?? '',
          ru: entry.service?.nameRu ?? '',
          en: entry.service?.nameEn ?? '',
        },
        areaCentiSqm: entry.areaCentiSqm ?? 0,
        rateKopecksPerSqm: entry.tariff?.rateKopecksPerSqm ?? 0,
        tariffEffectiveFrom: entry.tariff ? monthKeyOfDate(entry.tariff.effectiveFrom) : month,
        amount: entry.amountKopecks,
      }));
    const monthMovements = movements
      .filter((row) => monthKeyOfDate(row.month) === month)
      .map((row) => ({
        kind: row.kind,
        at: row.at,
        amount: row.amount,
        memo: row.memo,
        receiptNumber: row.receipt,
      }));
    const charged =
      monthAccruals.reduce((sum, line) => sum + line.amount, 0) +
      monthMovements.filter((m) => m.amount > 0).reduce((sum, m) => sum + m.amount, 0);
    const paid = monthMovements.filter((m) => m.amount < 0).reduce((sum, m) => sum - m.amount, 0);
    const openingBalance = balance;
    balance = openingBalance + charged - paid;
    months.push({
      month,
      openingBalance,
      accruals: monthAccruals,
      movements: monthMovements,
      charged,
      paid,
      closingBalance: balance,
    });
  }
  return { months, from, to, hasEarlier: opening?.earlier ?? false, hasLater: to < current };
}
