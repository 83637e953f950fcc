import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import { AppError } from '../app-error';
import { recordAudit } from '../staff/audit';
import { sealSecret } from '../staff/secret-box';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { PUSH_POLICY, parsePushUrl } from './push-policy';
import { generatePushSecret } from './push-signature';

/**
 * The dialer push endpoints an ADMIN manages in the console (docs/dialer-push.md): register one
 * (its signing secret is shown once), rotate the secret, disable and enable it, retry at once,
 * delete a disabled one. Secrets are stored sealed (AES-256-GCM under the configured key passed
 * in as `sealKey`). Every change is audited in its own transaction.
 */
export type DialerPushAttemptRow = {
  id: string;
  attemptedAt: Date;
  firstEventId: string;
  lastEventId: string;
  eventCount: number;
  httpStatus: number | null;
  ok: boolean;
  durationMs: number;
  error: string | null;
};

export type DialerPushEndpointView = {
  id: number;
  url: string;
  enabled: boolean;
  disabledAt: Date | null;
  createdAt: Date;
  secretRotatedAt: Date | null;
  /** Until then deliveries are signed with the previous secret too (null: none). */
  previousSecretValidUntil: Date | null;
  lastDeliveredEventId: string;
  /** Events after the cursor (capped at PENDING_COUNT_CAP + 1). */
  pendingEvents: number;
  consecutiveFailures: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  recentAttempts: DialerPushAttemptRow[];
};

const PENDING_COUNT_CAP = 100_000;
const RECENT_ATTEMPTS = 20;

export async function getDialerPushStatus(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { now?: Date } = {},
): Promise<{ headEventId: string; endpoints: DialerPushEndpointView[] }> {
  requireRole(actor, 'ADMIN');
  const now = options.now ?? new Date();
  const [head] = await prisma.$queryRaw<{ head: bigint }[]>`
    SELECT coalesce(max(id), 0)::bigint AS head FROM call_list_event`;
  const rows = await prisma.dialerPushEndpoint.findMany({
    orderBy: { id: 'asc' },
    include: { attempts: { orderBy: { id: 'desc' }, take: RECENT_ATTEMPTS } },
  });
  const endpoints: DialerPushEndpointView[] = [];
  for (const row of rows) {
    const [pending] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM call_list_event WHERE id > ${row.lastDeliveredEventId}
        LIMIT ${PENDING_COUNT_CAP + 1}) t`;
    endpoints.push({
      id: row.id,
      url: row.url,
      enabled: row.disabledAt === null,
      disabledAt: row.disabledAt,
      createdAt: row.createdAt,
      secretRotatedAt: row.secretRotatedAt,
      previousSecretValidUntil:
        row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
          ? row.previousSecretExpiresAt
          : null,
      lastDeliveredEventId: row.lastDeliveredEventId.toString(),
      pendingEvents: pending?.n ?? 0,
      consecutiveFailures: row.consecutiveFailures,
      nextAttemptAt: row.nextAttemptAt,
      lastAttemptAt: row.lastAttemptAt,
      lastSuccessAt: row.lastSuccessAt,
      lastError: row.lastError,
      recentAttempts: row.attempts.map((attempt) => ({
        id: attempt.id.toString(),
        attemptedAt: attempt.attemptedAt,
        firstEventId: attempt.firstEventId.toString(),
        lastEventId: attempt.lastEventId.toString(),
        eventCount: attempt.eventCount,
        httpStatus: attempt.httpStatus,
        ok: attempt.ok,
        durationMs: attempt.durationMs,
        error: attempt.error,
      })),
    });
  }
  return { headEventId: (head?.head ?? 0n).toString(), endpoints };
}

/**
 * Registers an endpoint. Its cursor starts at the newest event now: it receives the changes made
 * from here on (the dialer takes its snapshot from GET /api/v1/call-list and skips pushed events
 * whose cursor is not after the snapshot's). The returned `secret` is shown once.
 */
export async function registerDialerPushEndpoint(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { url: string; sealKey: string; allowLoopbackHttp: boolean; now?: Date },
): Promise<{ endpointId: number; url: string; secret: string }> {
  requireRole(actor, 'ADMIN');
  const url = parsePushUrl(options.url, { allowLoopbackHttp: options.allowLoopbackHttp });
  const now = options.now ?? new Date();
  const secret = generatePushSecret();
  return prisma.$transaction(async (tx) => {
    // Serialises registrations, so two at once cannot both pass the limit.
    await tx.$executeRaw`LOCK TABLE dialer_push_endpoint IN SHARE ROW EXCLUSIVE MODE`;
    if ((await tx.dialerPushEndpoint.count()) >= PUSH_POLICY.maxEndpoints)
      throw new AppError(
        'CONFLICT',
        `at most ${PUSH_POLICY.maxEndpoints} endpoints: delete a disabled one first`,
      );
    const [head] = await tx.$queryRaw<{ head: bigint }[]>`
      SELECT coalesce(max(id), 0)::bigint AS head FROM call_list_event`;
    const row = await tx.dialerPushEndpoint.create({
      data: {
        url,
        secretSealed: sealSecret(secret, options.sealKey),
        lastDeliveredEventId: head?.head ?? 0n,
        nextAttemptAt: now,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: 'dialer.push.register',
      targetType: 'dialer_push_endpoint',
      targetId: row.id,
      detail: { url, cursor: (head?.head ?? 0n).toString() },
    });
    return { endpointId: row.id, url, secret };
  });
}

/** Locks the endpoint's row for the change (NOT_FOUND when there is none). */
async function lockEndpoint(tx: Tx, endpointId: number) {
  const [row] = await tx.$queryRaw<
    { id: number; url: string; secret_sealed: string; disabled_at: Date | null }[]
  >`SELECT id, url, secret_sealed, disabled_at FROM dialer_push_endpoint
     WHERE id = ${endpointId} FOR UPDATE`;
  if (!row) throw new AppError('NOT_FOUND', 'no such push endpoint');
  return row;
}

/**
 * A new signing secret (returned once). The previous one keeps signing beside it (a second `v1`
 * in the header) for PUSH_POLICY.previousSecretGraceMs, so the dialer can switch without losing
 * a delivery.
 */
export async function rotateDialerPushSecret(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { endpointId: number; sealKey: string; now?: Date },
): Promise<{ url: string; secret: string; previousValidUntil: Date }> {
  requireRole(actor, 'ADMIN');
  const now = options.now ?? new Date();
  const secret = generatePushSecret();
  const previousValidUntil = new Date(now.getTime() + PUSH_POLICY.previousSecretGraceMs);
  return prisma.$transaction(async (tx) => {
    const row = await lockEndpoint(tx, options.endpointId);
    await tx.dialerPushEndpoint.update({
      where: { id: row.id },
      data: {
        secretSealed: sealSecret(secret, options.sealKey),
        previousSecretSealed: row.secret_sealed,
        previousSecretExpiresAt: previousValidUntil,
        secretRotatedAt: now,
      },
    });
    await recordAudit(tx, actor, {
      action: 'dialer.push.rotate',
      targetType: 'dialer_push_endpoint',
      targetId: row.id,
      detail: { url: row.url, previousValidUntil: previousValidUntil.toISOString() },
    });
    return { url: row.url, secret, previousValidUntil };
  });
}

/**
 * Disables (no more deliveries; the cursor stays) or enables an endpoint (it resumes from its
 * cursor at once, its failure count reset). Setting the state it already has is CONFLICT.
 */
export async function setDialerPushEnabled(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { endpointId: number; enabled: boolean; now?: Date },
): Promise<void> {
  requireRole(actor, 'ADMIN');
  const now = options.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    const row = await lockEndpoint(tx, options.endpointId);
    if ((row.disabled_at === null) === options.enabled)
      throw new AppError(
        'CONFLICT',
        options.enabled ? 'the endpoint is enabled already' : 'the endpoint is disabled already',
      );
    await tx.dialerPushEndpoint.update({
      where: { id: row.id },
      data: options.enabled
        ? { disabledAt: null, consecutiveFailures: 0, nextAttemptAt: now }
        : { disabledAt: now },
    });
    await recordAudit(tx, actor, {
      action: options.enabled ? 'dialer.push.enable' : 'dialer.push.disable',
      targetType: 'dialer_push_endpoint',
      targetId: row.id,
      detail: { url: row.url },
    });
  });
}

/** Ends the backoff: the next run (within a minute) delivers at once. The failure count stays. */
export async function retryDialerPushNow(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { endpointId: number; now?: Date },
): Promise<void> {
  requireRole(actor, 'ADMIN');
  const now = options.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    const row = await lockEndpoint(tx, options.endpointId);
    if (row.disabled_at !== null)
      throw new AppError('CONFLICT', 'the endpoint is disabled: enable it instead');
    await tx.dialerPushEndpoint.update({ where: { id: row.id }, data: { nextAttemptAt: now } });
    await recordAudit(tx, actor, {
      action: 'dialer.push.retry',
      targetType: 'dialer_push_endpoint',
      targetId: row.id,
      detail: { url: row.url },
    });
  });
}

/** Deletes a disabled endpoint and its delivery log (an enabled one must be disabled first). */
export async function deleteDialerPushEndpoint(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { endpointId: number },
): Promise<void> {
  requireRole(actor, 'ADMIN');
  await prisma.$transaction(async (tx) => {
    const row = await lockEndpoint(tx, options.endpointId);
    if (row.disabled_at === null)
      throw new AppError('CONFLICT', 'disable the endpoint before deleting it');
    await tx.dialerPushEndpoint.delete({ where: { id: row.id } });
    await recordAudit(tx, actor, {
      action: 'dialer.push.delete',
      targetType: 'dialer_push_endpoint',
      targetId: row.id,
      detail: { url: row.url },
    });
  });
}
