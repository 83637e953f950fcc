import 'server-only';
import type { PrismaClient } from '../../server/db';
import { isAppError } from '../app-error';
import { openSecret } from '../staff/secret-box';
import { listCallListChanges } from './call-list-feed';
import { PUSH_POLICY, parsePushUrl, pushRetryDelayMs } from './push-policy';
import { PUSH_SIGNATURE_HEADER, signPushBody } from './push-signature';

/**
 * Delivery of the dialer push (docs/dialer-push.md, DESIGN rule 3's changes feed). Each endpoint
 * row is a cursor over call_list_event.id: a delivery reads up to `batchSize` events after it
 * (the same events, in the same shape, as GET /api/v1/call-list/changes), POSTs them signed, and
 * advances the cursor only when the receiver answers 2xx. Any other answer, a timeout or a
 * refused connection is a failure: logged, counted, and the next attempt waits (exponential
 * backoff with a cap, `next_attempt_at`). Feed ids are handed out in commit order
 * (lockCallListFeed), so no event can appear behind the cursor later. Delivery is at least once:
 * a worker that dies after the receiver answered posts the batch again, and receivers skip
 * events whose cursor they have already seen.
 */

/** The HTTP POST, an adapter (lib/server/dialer/push-transport.ts): throws when no answer came. */
export type PushTransport = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}) => Promise<{ status: number; body: string }>;

export type PushDeliveryOptions = {
  /** The key the signing secrets are sealed with (STAFF_TOTP_KEY). */
  sealKey: string;
  transport: PushTransport;
  /** Plain http to loopback allowed (outside production); re-checked at every delivery. */
  allowLoopbackHttp: boolean;
  now?: () => Date;
  batchSize?: number;
  timeoutMs?: number;
};

export type PushDeliveryOutcome =
  /** Disabled, backing off, or held by another delivery: nothing was done. */
  | { kind: 'SKIPPED' }
  /** Nothing new after the cursor. */
  | { kind: 'IDLE' }
  | { kind: 'DELIVERED'; events: number; cursor: string }
  | { kind: 'FAILED'; error: string; consecutiveFailures: number; nextAttemptAt: Date };

type ClaimedEndpoint = {
  id: number;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  last_delivered_event_id: bigint;
  consecutive_failures: number;
};

/** One delivery attempt for one endpoint: at most one POST. */
export async function deliverDialerPush(
  prisma: PrismaClient,
  options: PushDeliveryOptions & { endpointId: number },
): Promise<PushDeliveryOutcome> {
  const clock = options.now ?? (() => new Date());
  const now = clock();
  const lease = new Date(now.getTime() + PUSH_POLICY.leaseMs);
  // The lease: of two workers only one gets the row, and a worker that dies lets it go when the
  // lease ends. Disabled and backing-off endpoints are not claimed.
  const [endpoint] = await prisma.$queryRaw<ClaimedEndpoint[]>`
    UPDATE dialer_push_endpoint
       SET leased_until = ${lease}
     WHERE id = ${options.endpointId}
       AND disabled_at IS NULL
       AND next_attempt_at <= ${now}
       AND (leased_until IS NULL OR leased_until <= ${now})
    RETURNING id, url, secret_sealed, previous_secret_sealed, previous_secret_expires_at,
              last_delivered_event_id, consecutive_failures`;
  if (!endpoint) return { kind: 'SKIPPED' };
  const after = endpoint.last_delivered_event_id.toString();
  const page = await listCallListChanges(prisma, {
    after,
    limit: options.batchSize ?? PUSH_POLICY.batchSize,
  });
  const first = page.changes[0];
  if (!first) {
    await prisma.$executeRaw`
      UPDATE dialer_push_endpoint SET leased_until = NULL WHERE id = ${endpoint.id}`;
    return { kind: 'IDLE' };
  }

  const body = JSON.stringify({ after, cursor: page.cursor, changes: page.changes });
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const url = parsePushUrl(endpoint.url, { allowLoopbackHttp: options.allowLoopbackHttp });
    const sealed = [endpoint.secret_sealed];
    if (
      endpoint.previous_secret_sealed &&
      endpoint.previous_secret_expires_at &&
      endpoint.previous_secret_expires_at > now
    )
      sealed.push(endpoint.previous_secret_sealed);
    const secrets = sealed.map((value) => {
      try {
        return openSecret(value, options.sealKey);
      } catch {
        throw new Error(
          'the signing secret cannot be opened (was STAFF_TOTP_KEY changed?): rotate the secret',
        );
      }
    });
    const answer = await options.transport({
      url,
      body,
      timeoutMs: options.timeoutMs ?? PUSH_POLICY.timeoutMs,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'Kvartplata-Dialer-Push/1',
        [PUSH_SIGNATURE_HEADER]: signPushBody({
          secrets,
          body,
          timestamp: Math.floor(clock().getTime() / 1000),
        }),
      },
    });
    status = answer.status;
    if (status < 200 || status > 299)
      error = `HTTP ${status}${answer.body.trim() ? `: ${answer.body.trim()}` : ''}`;
  } catch (thrown) {
    error = isAppError(thrown)
      ? `endpoint refused: ${thrown.message}`
      : thrown instanceof Error
        ? thrown.message
        : String(thrown);
  }
  const durationMs = Math.min(Date.now() - started, 2_147_483_647);
  const at = clock();
  const ok = error === null;
  const failures = ok ? 0 : endpoint.consecutive_failures + 1;
  const nextAttemptAt = new Date(at.getTime() + pushRetryDelayMs(failures));
  const shortError = error?.replace(/\s+/g, ' ').slice(0, PUSH_POLICY.errorChars) ?? null;

  await prisma.$transaction(async (tx) => {
    // The cursor moves only on success and never backwards (should this delivery's lease have
    // run out and another worker have delivered further meanwhile). A failure is recorded only
    // while this delivery still holds the lease, so it never overwrites a newer state.
    const updated = ok
      ? await tx.$executeRaw`
          UPDATE dialer_push_endpoint
             SET last_delivered_event_id = GREATEST(last_delivered_event_id, ${BigInt(page.cursor)}),
                 consecutive_failures = 0, last_error = NULL, last_attempt_at = ${at},
                 last_success_at = ${at}, next_attempt_at = ${at}, leased_until = NULL
           WHERE id = ${endpoint.id}`
      : await tx.$executeRaw`
          UPDATE dialer_push_endpoint
             SET consecutive_failures = ${failures}, last_error = ${shortError},
                 last_attempt_at = ${at}, next_attempt_at = ${nextAttemptAt}, leased_until = NULL
           WHERE id = ${endpoint.id} AND leased_until = ${lease}`;
    // Deleted meanwhile (only a disabled endpoint can be), or the lease lost: nothing to log.
    if (updated === 0) return;
    await tx.dialerPushAttempt.create({
      data: {
        endpointId: endpoint.id,
        attemptedAt: at,
        firstEventId: BigInt(first.cursor),
        lastEventId: BigInt(page.cursor),
        eventCount: page.changes.length,
        httpStatus: status,
        ok,
        durationMs,
        error: shortError,
      },
    });
  });
  return ok
    ? { kind: 'DELIVERED', events: page.changes.length, cursor: page.cursor }
    : { kind: 'FAILED', error: shortError ?? '', consecutiveFailures: failures, nextAttemptAt };
}

export type PushRunSummary = { attempts: number; delivered: number; failed: number };

/**
 * A scheduled run (the `dialer-push` job, every minute): for up to `runMs` deliver whatever is
 * new to every due endpoint, looking again every `idlePollMs` when there was nothing, so a change
 * reaches the dialer within about a second while a run is going. Ends at once when no
 * endpoint is enabled, and as soon as `shouldStop()` says so (the worker is stopping). The
 * job queue, not an in-process timer, is what keeps deliveries going: a run that dies is simply
 * followed by the next minute's.
 */
export async function runDialerPush(
  prisma: PrismaClient,
  options: PushDeliveryOptions & {
    runMs?: number;
    idlePollMs?: number;
    shouldStop?: () => boolean;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<PushRunSummary> {
  const clock = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms) => new Promise<void>((done) => setTimeout(done, ms)));
  const deadline = Date.now() + (options.runMs ?? PUSH_POLICY.runMs);
  const summary: PushRunSummary = { attempts: 0, delivered: 0, failed: 0 };
  const start = clock();
  // The old part of the delivery log, endpoint by endpoint (the (endpoint_id, attempted_at) index).
  await prisma.$executeRaw`
    DELETE FROM dialer_push_attempt a USING dialer_push_endpoint e
     WHERE a.endpoint_id = e.id
       AND a.attempted_at < ${new Date(start.getTime() - PUSH_POLICY.attemptRetentionMs)}`;
  while (!options.shouldStop?.() && Date.now() < deadline) {
    if ((await prisma.dialerPushEndpoint.count({ where: { disabledAt: null } })) === 0) break;
    const now = clock();
    const due = await prisma.$queryRaw<{ id: number }[]>`
      SELECT e.id FROM dialer_push_endpoint e
       WHERE e.disabled_at IS NULL
         AND e.next_attempt_at <= ${now}
         AND (e.leased_until IS NULL OR e.leased_until <= ${now})
         AND EXISTS (SELECT 1 FROM call_list_event c WHERE c.id > e.last_delivered_event_id)
       ORDER BY e.id`;
    let progressed = false;
    for (const { id } of due) {
      // A backlog drains batch after batch; a failure leaves the endpoint to its backoff.
      while (!options.shouldStop?.() && Date.now() < deadline) {
        const outcome = await deliverDialerPush(prisma, { ...options, endpointId: id });
        if (outcome.kind === 'DELIVERED') {
          summary.attempts++;
          summary.delivered += outcome.events;
          progressed = true;
          continue;
        }
        if (outcome.kind === 'FAILED') {
          summary.attempts++;
          summary.failed++;
        }
        break;
      }
    }
    if (!progressed) await sleep(options.idlePollMs ?? PUSH_POLICY.idlePollMs);
  }
  return summary;
}
