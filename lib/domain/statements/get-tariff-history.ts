import { monthlyAccrualKopecks } from '../../money';
import 'server-only';
import { type MonthKey, monthKeyOfDate } from '../../dates';
import type { PrismaClient } from '../../server/db';
import type { ServiceName } from './get-account-statement';

export type TariffStep = {
  effectiveFrom: MonthKey;
  rates: { service: ServiceName; rateKopecksPerSqm: number; previousRate: number | null }[];
  /** Sum of all service rates: what one m² costs per month from this date. */
  totalPerSqm: number;
  previousTotalPerSqm: number | null;
  /** What this account's area pays per month at these rates: each line rounded, as billed. */
  monthlyForArea: number;
};

/**
 * The rates that applied to the account's building category over time, oldest first, with the
 * change from the previous step, so the page can say in plain words "from September 2025 the
 * rate for building upkeep rose from 1.20 to 2.40 UAH/m²".
 */
export async function getTariffHistory(
  prisma: PrismaClient,
  options: { accountId: number },
): Promise<{ categoryName: ServiceName; steps: TariffStep[] }> {
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: options.accountId },
    select: {
      areaCentiSqm: true,
      building: {
        select: {
          category: {
            select: {
              code: true,
              nameUk: true,
              nameRu: true,
              nameEn: true,
              tariffs: {
                orderBy: [{ effectiveFrom: 'asc' }, { service: { sortOrder: 'asc' } }],
                select: {
                  effectiveFrom: true,
                  rateKopecksPerSqm: true,
                  service: { select: { code: true, nameUk: true, nameRu: true, nameEn: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  const category = account.building.category;
  const dates = [...new Set(category.tariffs.map((t) => monthKeyOfDate(t.effectiveFrom)))].sort();
  const current = new Map<string, { service: ServiceName; rate: number }>();
  const steps: TariffStep[] = [];
  let previousTotal: number | null = null;
  for (const date of dates) {
    const previous = new Map(current);
    for (const tariff of category.tariffs.filter((t) => monthKeyOfDate(t.effectiveFrom) === date)) {
      current.set(tariff.service.code, {
        service: {
          code: tariff.service.code,
          uk: tariff.service.nameUk,
          ru: tariff.service.nameRu,
          en: tariff.service.nameEn,
        },
        rate: tariff.rateKopecksPerSqm,
      });
    }
    const rates = [...current.values()].map(({ service, rate }) => ({
      service,
      rateKopecksPerSqm: rate,
      previousRate: previous.get(service.code)?.rate ?? null,
    }));
    const total = rates.reduce((sum, r) => sum + r.rateKopecksPerSqm, 0);
    steps.push({
      effectiveFrom: date as MonthKey,
      rates,
      totalPerSqm: total,
      previousTotalPerSqm: previousTotal,
      monthlyForArea: monthlyAccrualKopecks(
        account.areaCentiSqm,
        rates.map((r) => r.rateKopecksPerSqm),
      ),
    });
    previousTotal = total;
  }
  return {
    categoryName: {
      code: category.code,
      uk: category.nameUk,
      ru: category.nameRu,
      en: category.nameEn,
    },
    steps,
  };
}
