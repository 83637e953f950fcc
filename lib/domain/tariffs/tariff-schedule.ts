import 'server-only';
import { addMonths, isMonthKey, kyivMonthOf, type MonthKey, monthKeyOfDate } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';

/**
 * Tariffs from the console (issue 10, docs/administration.md). A rate is in force from the
 * first day of its month until the next rate of the same category and service (DESIGN rule 1).
 * A rate from a month that is closed, or being closed, is history: nobody may add, change or
 * withdraw one there. The database refuses to change or delete such a rate too (trigger
 * `tariff_used_by_closed_period`, migration `admin_tariffs_periods`), so a path that skipped
 * this module cannot rewrite what was billed; this module states the whole rule first, adding
 * included, so the console can say why in words.
 */

/** The highest rate the console accepts: 1,000.00 UAH per m² a month (a typo guard). */
export const MAX_RATE_KOPECKS_PER_SQM = 100_000;

/** Key of the advisory lock tariff writes and a period close's claim share (the trigger's). */
export const TARIFF_LOCK_KEY = 740_311_002;

/** The last month that is closed or being closed (its rates are history), or null. */
export async function frozenThrough(db: PrismaClient | Tx): Promise<MonthKey | null> {
  const period = await db.billingPeriod.findFirst({
    where: { status: { in: ['CLOSED', 'CLOSING'] } },
    orderBy: { month: 'desc' },
    select: { month: true },
  });
  return period ? monthKeyOfDate(period.month) : null;
}

/**
 * The first month a new rate may start: the month after the last closed (or closing) one, and
 * never before the current Kyiv month (a rate scheduled today applies from a month to come or
 * to the month not yet billed).
 */
export function firstSchedulableMonth(frozen: MonthKey | null, now: Date): MonthKey {
  const open = frozen === null ? kyivMonthOf(now) : addMonths(frozen, 1);
  const current = kyivMonthOf(now);
  // Month keys (YYYY-MM) compare as strings.
  if (open > current) return open;
  return current;
}

export type TariffRow = {
  id: number;
  categoryId: number;
  serviceId: number;
  rateKopecksPerSqm: number;
  effectiveFrom: MonthKey;
  createdAt: Date;
  createdBy: string | null;
  /** Used by a closed (or closing) period: shown, never changed. */
  frozen: boolean;
};

export type TariffHistory = {
  frozenThrough: MonthKey | null;
  firstSchedulable: MonthKey;
  categories: { id: number; code: string; nameUk: string }[];
  services: { id: number; code: string; nameUk: string }[];
  tariffs: TariffRow[];
};

/** Every rate of every category and service, newest first within each, for the console. */
export async function getTariffHistory(
  db: PrismaClient,
  actor: StaffActor,
  options: { now?: Date } = {},
): Promise<TariffHistory> {
  requireRole(actor, 'ADMIN');
  const [frozen, categories, services, tariffs] = await Promise.all([
    frozenThrough(db),
    db.tariffCategory.findMany({
      select: { id: true, code: true, nameUk: true },
      orderBy: { id: 'asc' },
    }),
    db.serviceComponent.findMany({
      select: { id: true, code: true, nameUk: true },
      orderBy: { sortOrder: 'asc' },
    }),
    db.tariff.findMany({
      orderBy: [{ categoryId: 'asc' }, { serviceId: 'asc' }, { effectiveFrom: 'desc' }],
      include: { createdBy: { select: { name: true } } },
    }),
  ]);
  return {
    frozenThrough: frozen,
    firstSchedulable: firstSchedulableMonth(frozen, options.now ?? new Date()),
    categories,
    services,
    tariffs: tariffs.map((t) => {
      const from = monthKeyOfDate(t.effectiveFrom);
      return {
        id: t.id,
        categoryId: t.categoryId,
        serviceId: t.serviceId,
        rateKopecksPerSqm: t.rateKopecksPerSqm,
        effectiveFrom: from,
        createdAt: t.createdAt,
        createdBy: t.createdBy?.name ?? null,
        frozen: frozen !== null && from <= frozen,
      };
    }),
  };
}

export type TariffInput = {
  categoryId: number;
  serviceId: number;
  rateKopecksPerSqm: number;
  /** YYYY-MM */
  month: string;
};

/** Checks a rate to schedule and returns its month; throws INVALID_INPUT naming the field. */
export function checkTariffInput(input: TariffInput): MonthKey {
  if (!isMonthKey(input.month)) {
    throw new AppError('INVALID_INPUT', `not a month (YYYY-MM): ${input.month}`, {
      field: 'month',
      problem: 'UNKNOWN',
    });
  }
  if (!Number.isSafeInteger(input.rateKopecksPerSqm) || input.rateKopecksPerSqm < 0) {
    throw new AppError('INVALID_INPUT', 'the rate is not a non-negative amount in kopecks', {
      field: 'rate',
      problem: 'NOT_A_RATE',
    });
  }
  if (input.rateKopecksPerSqm > MAX_RATE_KOPECKS_PER_SQM) {
    throw new AppError('INVALID_INPUT', 'the rate is above 1,000.00 UAH per m²', {
      field: 'rate',
      problem: 'TOO_HIGH',
    });
  }
  return input.month;
}

async function requireOpenMonth(tx: Tx, month: MonthKey, now: Date): Promise<void> {
  // The trigger's lock: a close cannot claim the month between this check and the write.
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', TARIFF_LOCK_KEY);
  const first = firstSchedulableMonth(await frozenThrough(tx), now);
  if (month < first) throw monthNotOpen(first);
}

/** The refusal of a month before `first` (closed, being closed, or already past). */
export function monthNotOpen(first: MonthKey): AppError {
  return new AppError(
    'INVALID_INPUT',
    `a new rate can start from ${first} at the earliest: earlier months are closed or past`,
    { field: 'month', problem: 'CLOSED' },
  );
}

/**
 * Schedules `rate` for a category and service from `month` (ADMIN). A rate already scheduled
 * for that month (not yet used) is replaced. Audited with the rate it replaced. Returns the
 * tariff's id.
 */
export async function scheduleTariff(
  prisma: PrismaClient,
  actor: StaffActor,
  input: TariffInput & { now?: Date },
): Promise<{ tariffId: number; replacedRateKopecksPerSqm: number | null }> {
  requireRole(actor, 'ADMIN');
  const month = checkTariffInput(input);
  const now = input.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    await requireOpenMonth(tx, month, now);
    const [category, service] = await Promise.all([
      tx.tariffCategory.findUnique({ where: { id: input.categoryId }, select: { id: true } }),
      tx.serviceComponent.findUnique({ where: { id: input.serviceId }, select: { id: true } }),
    ]);
    if (!category) {
      throw new AppError('INVALID_INPUT', 'no such tariff category', {
        field: 'category',
        problem: 'UNKNOWN',
      });
    }
    if (!service) {
      throw new AppError('INVALID_INPUT', 'no such service', {
        field: 'service',
        problem: 'UNKNOWN',
      });
    }
    const key = {
      categoryId: input.categoryId,
      serviceId: input.serviceId,
      effectiveFrom: new Date(`${input.month}-01T00:00:00Z`),
    };
    const existing = await tx.tariff.findUnique({
      where: { categoryId_serviceId_effectiveFrom: key },
      select: { id: true, rateKopecksPerSqm: true },
    });
    const tariff = existing
      ? await tx.tariff.update({
          where: { id: existing.id },
          data: { rateKopecksPerSqm: input.rateKopecksPerSqm, createdById: actor.staffUserId },
          select: { id: true },
        })
      : await tx.tariff.create({
          data: {
            ...key,
            rateKopecksPerSqm: input.rateKopecksPerSqm,
            createdById: actor.staffUserId,
            createdAt: now,
          },
          select: { id: true },
        });
    await recordAudit(tx, actor, {
      action: existing ? 'tariff.reschedule' : 'tariff.schedule',
      targetType: 'tariff',
      targetId: tariff.id,
      detail: {
        categoryId: input.categoryId,
        serviceId: input.serviceId,
        month: input.month,
        rateKopecksPerSqm: input.rateKopecksPerSqm,
        replacedRateKopecksPerSqm: existing?.rateKopecksPerSqm ?? null,
      },
    });
    return { tariffId: tariff.id, replacedRateKopecksPerSqm: existing?.rateKopecksPerSqm ?? null };
  });
}

/** Withdraws a scheduled rate that no period has used (ADMIN); audited. */
export async function withdrawTariff(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { tariffId: number; now?: Date },
): Promise<void> {
  requireRole(actor, 'ADMIN');
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', TARIFF_LOCK_KEY);
    const tariff = await tx.tariff.findUnique({ where: { id: options.tariffId } });
    if (!tariff) throw new AppError('NOT_FOUND', 'no such tariff', { what: 'tariff' });
    const frozen = await frozenThrough(tx);
    if (frozen !== null && monthKeyOfDate(tariff.effectiveFrom) <= frozen) {
      throw new AppError(
        'CONFLICT',
        `this rate was used by a closed period (up to ${frozen}) and stays in the history`,
        { reason: 'TARIFF_FROZEN' },
      );
    }
    await tx.tariff.delete({ where: { id: tariff.id } });
    await recordAudit(tx, actor, {
      action: 'tariff.withdraw',
      targetType: 'tariff',
      targetId: tariff.id,
      detail: {
        categoryId: tariff.categoryId,
        serviceId: tariff.serviceId,
        month: monthKeyOfDate(tariff.effectiveFrom),
        rateKopecksPerSqm: tariff.rateKopecksPerSqm,
      },
    });
  });
}
