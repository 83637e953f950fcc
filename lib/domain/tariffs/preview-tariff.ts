import 'server-only';
import { accrualKopecks } from '../../money';
import type { PrismaClient } from '../../server/db';
import { accrualAmountSql } from '../billing/accrue-period-sql';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import {
  checkTariffInput,
  firstSchedulableMonth,
  frozenThrough,
  monthNotOpen,
  type TariffInput,
} from './tariff-schedule';

export type TariffPreview = {
  /** The rate in force for the month today (0 when the category has none for the service). */
  beforeKopecksPerSqm: number;
  afterKopecksPerSqm: number;
  /** The median area of the category's active accounts (hundredths of m²), null if none. */
  typicalAreaCentiSqm: number | null;
  typicalBeforeKopecks: number;
  typicalAfterKopecks: number;
  /** Active accounts of the category the month's close would charge. */
  accounts: number;
  /** The month's accruals for the service across those accounts, before and after. */
  totalBeforeKopecks: bigint;
  totalAfterKopecks: bigint;
};

/**
 * What a new rate would do before it is scheduled (ADMIN): per m², for a typical flat (the
 * median area of the category's active accounts), and the total monthly accrual for the
 * service across every active account of the category, line by line with the close's own
 * rounding (accrualAmountSql), on the real data. Reads only. A month a rate may not start in
 * is refused as scheduling would refuse it (INVALID_INPUT, month CLOSED).
 */
export async function previewTariff(
  prisma: PrismaClient,
  actor: StaffActor,
  input: TariffInput,
  options: { now?: Date } = {},
): Promise<TariffPreview> {
  requireRole(actor, 'ADMIN');
  const month = checkTariffInput(input);
  const first = firstSchedulableMonth(await frozenThrough(prisma), options.now ?? new Date());
  if (month < first) throw monthNotOpen(first);
  const current = await prisma.tariff.findFirst({
    where: {
      categoryId: input.categoryId,
      serviceId: input.serviceId,
      effectiveFrom: { lte: new Date(`${input.month}-01T00:00:00Z`) },
    },
    orderBy: { effectiveFrom: 'desc' },
    select: { rateKopecksPerSqm: true },
  });
  const before = current?.rateKopecksPerSqm ?? 0;
  const after = input.rateKopecksPerSqm;
  const [row] = await prisma.$queryRawUnsafe<
    { accounts: number; before_total: bigint; after_total: bigint; median: number | null }[]
  >(
    `SELECT count(*)::int AS accounts,
            coalesce(sum(${accrualAmountSql('a.area_centi_sqm', '$2::int')}), 0)::bigint AS before_total,
            coalesce(sum(${accrualAmountSql('a.area_centi_sqm', '$3::int')}), 0)::bigint AS after_total,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY a.area_centi_sqm) AS median
       FROM account a
       JOIN building b ON b.id = a.building_id
      WHERE b.category_id = $1 AND a.status = 'ACTIVE'
        AND a.opened_on < ($4::date + interval '1 month')`,
    input.categoryId,
    before,
    after,
    `${input.month}-01`,
  );
  const typical = row?.median ?? null;
  return {
    beforeKopecksPerSqm: before,
    afterKopecksPerSqm: after,
    typicalAreaCentiSqm: typical,
    typicalBeforeKopecks: typical === null ? 0 : accrualKopecks(typical, before),
    typicalAfterKopecks: typical === null ? 0 : accrualKopecks(typical, after),
    accounts: row?.accounts ?? 0,
    totalBeforeKopecks: row?.before_total ?? 0n,
    totalAfterKopecks: row?.after_total ?? 0n,
  };
}
