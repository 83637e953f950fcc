import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';

export type LedgerService = {
  code: string;
  nameUk: string;
  nameRu: string;
  nameEn: string;
  sortOrder: number;
};
export type LedgerTariff = { rateKopecksPerSqm: number; effectiveFrom: Date };

/**
 * Attaches the service and tariff an accrual line names. ledger_entry refers to them by id
 * without declared foreign keys (checked per statement by triggers, migration
 * `ledger_set_based_references`), so Prisma has no relation to include: this reads the few
 * services and tariffs involved in two small queries instead.
 */
export async function withServiceAndTariff<
  T extends { serviceId: number | null; tariffId: number | null },
>(
  db: PrismaClient | Tx,
  entries: T[],
): Promise<(T & { service: LedgerService | null; tariff: LedgerTariff | null })[]> {
  const serviceIds = [
    ...new Set(entries.flatMap((e) => (e.serviceId === null ? [] : [e.serviceId]))),
  ];
  const tariffIds = [...new Set(entries.flatMap((e) => (e.tariffId === null ? [] : [e.tariffId])))];
  // One after the other: inside a transaction both run on its one connection.
  const services =
    serviceIds.length === 0
      ? []
      : await db.serviceComponent.findMany({
          where: { id: { in: serviceIds } },
          select: {
            id: true,
            code: true,
            nameUk: true,
            nameRu: true,
            nameEn: true,
            sortOrder: true,
          },
        });
  const tariffs =
    tariffIds.length === 0
      ? []
      : await db.tariff.findMany({
          where: { id: { in: tariffIds } },
          select: { id: true, rateKopecksPerSqm: true, effectiveFrom: true },
        });
  const serviceById = new Map(services.map(({ id, ...service }) => [id, service]));
  const tariffById = new Map(tariffs.map(({ id, ...tariff }) => [id, tariff]));
  return entries.map((entry) => ({
    ...entry,
    service: entry.serviceId === null ? null : (serviceById.get(entry.serviceId) ?? null),
    tariff: entry.tariffId === null ? null : (tariffById.get(entry.tariffId) ?? null),
  }));
}
