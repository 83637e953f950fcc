/**
 * The dialer push on the real PostgreSQL server, delivered through the real HTTP adapter to a
 * real receiver (node:http on 127.0.0.1, a random port) that verifies every signature as
 * docs/dialer-push.md tells a dialer to: retries after 500s (delivered once, in order, the cursor
 * advanced only at the success, the backoff recorded), a timeout, a wrong secret, a rotation,
 * batches, a scheduled run, and the admin's controls (audited; ADMIN only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCallListEvent,
  type Mailbox,
  type PushReceiver,
  type Received,
  startPushReceiver,
} from '@/test/dialer-push';
import { refusalCode } from '@/test/refusal';
import { createStaffUser, TEST_TOTP_KEY } from '@/test/staff-factories';
import { getPrisma } from '../../server/db';
import { postDialerPush } from '../../server/dialer/push-transport';
import type { StaffActor } from '../staff/staff-actor';
import { listCallListChanges } from './call-list-feed';
import { deliverDialerPush, runDialerPush } from './deliver-dialer-push';
import {
  deleteDialerPushEndpoint,
  getDialerPushStatus,
  registerDialerPushEndpoint,
  retryDialerPushNow,
  rotateDialerPushSecret,
  setDialerPushEnabled,
} from './dialer-push-endpoints';
import { PUSH_POLICY } from './push-policy';
import { verifyPushSignature } from './push-signature';

const prisma = getPrisma();

let receiver: PushReceiver;
let base = '';
beforeAll(async () => {
  receiver = await startPushReceiver();
  base = receiver.base;
});

afterAll(async () => {
  await receiver.close();
  await prisma.$disconnect();
});

// ── Helpers ────────────────────────────────────────────────────────────────────────────────────

let admin: StaffActor;
beforeAll(async () => {
  admin = await createStaffUser(prisma, 'ADMIN');
});

/** Registers an endpoint on the receiver for the test, and removes it afterwards. */
async function withEndpoint(
  path: string,
  run: (endpoint: { id: number; secret: string; mailbox: Mailbox }) => Promise<void>,
) {
  const registered = await registerDialerPushEndpoint(prisma, admin, {
    url: `${base}${path}`,
    sealKey: TEST_TOTP_KEY,
    allowLoopbackHttp: true,
  });
  const mailbox = receiver.open(path, registered.secret);
  try {
    await run({ id: registered.endpointId, secret: registered.secret, mailbox });
  } finally {
    const row = await prisma.dialerPushEndpoint.findUnique({
      where: { id: registered.endpointId },
    });
    if (row && !row.disabledAt)
      await setDialerPushEnabled(prisma, admin, {
        endpointId: registered.endpointId,
        enabled: false,
      });
    if (row) await deleteDialerPushEndpoint(prisma, admin, { endpointId: registered.endpointId });
  }
}

const options = (clock: () => Date, extra: { batchSize?: number; timeoutMs?: number } = {}) => ({
  sealKey: TEST_TOTP_KEY,
  transport: postDialerPush,
  allowLoopbackHttp: true,
  now: clock,
  ...extra,
});

const endpointRow = (id: number) => prisma.dialerPushEndpoint.findUniqueOrThrow({ where: { id } });

// ── Tests ──────────────────────────────────────────────────────────────────────────────────────

describe('dialer push delivery', () => {
  it('two 500s then 200: delivered once, in order; cursor advanced only at success; backoff recorded', async () => {
    await withEndpoint('/retries', async ({ id, mailbox }) => {
      const start = await endpointRow(id);
      const numbers = [
        await addCallListEvent(prisma),
        await addCallListEvent(prisma),
        await addCallListEvent(prisma),
      ];
      mailbox.script.push('500', '500', 'ok');
      let now = new Date();
      const clock = () => now;

      const first = await deliverDialerPush(prisma, { ...options(clock), endpointId: id });
      expect(first).toMatchObject({ kind: 'FAILED', consecutiveFailures: 1 });
      let row = await endpointRow(id);
      expect(row.lastDeliveredEventId).toBe(start.lastDeliveredEventId);
      expect(row.consecutiveFailures).toBe(1);
      expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 10_000);
      expect(row.lastError).toBe('HTTP 500: database is down');
      expect(row.leasedUntil).toBeNull();

      // Backing off: nothing is posted before next_attempt_at.
      now = new Date(now.getTime() + 9_999);
      expect(await deliverDialerPush(prisma, { ...options(clock), endpointId: id })).toEqual({
        kind: 'SKIPPED',
      });
      expect(mailbox.received).toHaveLength(1);

      now = new Date(now.getTime() + 1);
      const second = await deliverDialerPush(prisma, { ...options(clock), endpointId: id });
      expect(second).toMatchObject({ kind: 'FAILED', consecutiveFailures: 2 });
      row = await endpointRow(id);
      expect(row.lastDeliveredEventId).toBe(start.lastDeliveredEventId);
      expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 20_000);

      now = new Date(now.getTime() + 20_000);
      const third = await deliverDialerPush(prisma, { ...options(clock), endpointId: id });
      expect(third).toMatchObject({ kind: 'DELIVERED', events: 3 });
      row = await endpointRow(id);
      expect(row.consecutiveFailures).toBe(0);
      expect(row.lastError).toBeNull();
      expect(row.lastSuccessAt?.getTime()).toBe(now.getTime());

      // Every POST carried the same three events and a valid signature; one was accepted.
      expect(mailbox.received.map((r) => [r.verified, r.answered])).toEqual([
        [true, 500],
        [true, 500],
        [true, 204],
      ]);
      const accepted = mailbox.received.filter((r) => r.answered === 204);
      expect(accepted).toHaveLength(1);
      const delivered = (accepted[0] as Received).body;
      expect(delivered.after).toBe(start.lastDeliveredEventId.toString());
      expect(delivered.changes.map((c) => c.accountNumber)).toEqual(numbers);
      expect(delivered.changes.map((c) => c.action)).toEqual(['ADDED', 'ADDED', 'ADDED']);
      const cursors = delivered.changes.map((c) => BigInt(c.cursor));
      expect([...cursors].sort((a, b) => (a < b ? -1 : 1))).toEqual(cursors);
      expect(delivered.cursor).toBe(delivered.changes.at(-1)?.cursor);
      // The same event shape as the changes feed.
      const feed = await listCallListChanges(prisma, { after: delivered.after, limit: 3 });
      expect(delivered.changes).toEqual(feed.changes);
      expect(row.lastDeliveredEventId.toString()).toBe(delivered.cursor);

      // Nothing new: nothing posted.
      expect(await deliverDialerPush(prisma, { ...options(clock), endpointId: id })).toEqual({
        kind: 'IDLE',
      });
      expect(mailbox.received).toHaveLength(3);

      // The delivery log.
      const status = await getDialerPushStatus(prisma, admin);
      const view = status.endpoints.find((e) => e.id === id);
      expect(view?.recentAttempts.map((a) => [a.ok, a.httpStatus, a.eventCount])).toEqual([
        [true, 204, 3],
        [false, 500, 3],
        [false, 500, 3],
      ]);
      expect(view?.pendingEvents).toBe(0);
    });
  });

  it('a receiver that does not answer in time is a failure; nothing is delivered', async () => {
    await withEndpoint('/slow', async ({ id, mailbox }) => {
      const start = await endpointRow(id);
      await addCallListEvent(prisma);
      mailbox.script.push('hang');
      const now = new Date();
      const began = Date.now();
      const outcome = await deliverDialerPush(prisma, {
        ...options(() => now, { timeoutMs: 300 }),
        endpointId: id,
      });
      expect(Date.now() - began).toBeLessThan(5_000);
      expect(outcome).toMatchObject({ kind: 'FAILED', consecutiveFailures: 1 });
      const row = await endpointRow(id);
      expect(row.lastDeliveredEventId).toBe(start.lastDeliveredEventId);
      expect(row.lastError).toMatch(/timeout/);
      const [attempt] = await prisma.dialerPushAttempt.findMany({ where: { endpointId: id } });
      expect(attempt).toMatchObject({ ok: false, httpStatus: null, eventCount: 1 });
      expect(attempt?.durationMs).toBeGreaterThanOrEqual(250);
    });
  });

  it('a receiver with the wrong secret refuses the signature: a failure, the cursor stays', async () => {
    await withEndpoint('/wrong-secret', async ({ id, secret, mailbox }) => {
      mailbox.secret = 'whsec_not_the_secret_the_admin_was_shown_0000000';
      const start = await endpointRow(id);
      await addCallListEvent(prisma);
      const now = new Date();
      const outcome = await deliverDialerPush(prisma, { ...options(() => now), endpointId: id });
      expect(outcome).toMatchObject({ kind: 'FAILED' });
      expect((await endpointRow(id)).lastDeliveredEventId).toBe(start.lastDeliveredEventId);
      expect((await endpointRow(id)).lastError).toBe('HTTP 400: bad signature');
      const [received] = mailbox.received;
      expect(received?.verified).toBe(false);
      // The same request verifies under the secret the admin was shown …
      const raw = (received as Received).raw;
      const header = (received as Received).header;
      expect(verifyPushSignature({ secret, body: raw, header }).ok).toBe(true);
      // … but not with a changed body, nor five minutes and one second later.
      expect(verifyPushSignature({ secret, body: `${raw} `, header })).toEqual({
        ok: false,
        problem: 'MISMATCH',
      });
      const timestamp = Number(/t=(\d+)/.exec(header)?.[1]);
      expect(
        verifyPushSignature({ secret, body: raw, header, now: new Date((timestamp + 301) * 1000) }),
      ).toEqual({ ok: false, problem: 'OUTSIDE_TOLERANCE' });
    });
  });

  it('two workers at once: one posts, the other finds the endpoint held', async () => {
    await withEndpoint('/concurrent', async ({ id, mailbox }) => {
      await addCallListEvent(prisma);
      const outcomes = await Promise.all(
        [1, 2].map(() =>
          deliverDialerPush(prisma, { ...options(() => new Date()), endpointId: id }),
        ),
      );
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['DELIVERED', 'SKIPPED']);
      expect(mailbox.received).toHaveLength(1);
      expect((await endpointRow(id)).leasedUntil).toBeNull();
    });
  });

  it('a secret sealed under another key is a failure that says what to do, not a crash', async () => {
    await withEndpoint('/other-key', async ({ id, mailbox }) => {
      await addCallListEvent(prisma);
      const outcome = await deliverDialerPush(prisma, {
        ...options(() => new Date()),
        sealKey: 'another-staff-totp-key-0123456789abcdef',
        endpointId: id,
      });
      expect(outcome).toMatchObject({ kind: 'FAILED' });
      expect((await endpointRow(id)).lastError).toMatch(/STAFF_TOTP_KEY.*rotate the secret/);
      expect(mailbox.received).toHaveLength(0);
    });
  });

  it('after a rotation both secrets verify until the previous one expires', async () => {
    await withEndpoint('/rotation', async ({ id, secret: oldSecret, mailbox }) => {
      const rotated = await rotateDialerPushSecret(prisma, admin, {
        endpointId: id,
        sealKey: TEST_TOTP_KEY,
      });
      expect(rotated.secret).not.toBe(oldSecret);
      expect(rotated.previousValidUntil.getTime()).toBeGreaterThan(
        Date.now() + PUSH_POLICY.previousSecretGraceMs - 60_000,
      );
      await addCallListEvent(prisma);
      const now = new Date();
      expect(
        await deliverDialerPush(prisma, { ...options(() => now), endpointId: id }),
      ).toMatchObject({ kind: 'DELIVERED' });
      const header = (mailbox.received[0] as Received).header;
      const raw = (mailbox.received[0] as Received).raw;
      expect(header.match(/v1=/g)).toHaveLength(2);
      for (const secret of [oldSecret, rotated.secret])
        expect(verifyPushSignature({ secret, body: raw, header }).ok).toBe(true);

      // Past the grace period only the new secret signs (the grace ends: no clock games, since
      // the receiver checks the signature's timestamp against its own clock).
      await prisma.dialerPushEndpoint.update({
        where: { id },
        data: { previousSecretExpiresAt: new Date(Date.now() - 1_000) },
      });
      await addCallListEvent(prisma);
      mailbox.secret = rotated.secret;
      expect(
        await deliverDialerPush(prisma, { ...options(() => new Date()), endpointId: id }),
      ).toMatchObject({ kind: 'DELIVERED' });
      const later = mailbox.received[1] as Received;
      expect(later.header.match(/v1=/g)).toHaveLength(1);
      expect(
        verifyPushSignature({ secret: oldSecret, body: later.raw, header: later.header }).ok,
      ).toBe(false);
      expect(
        await prisma.auditLog.count({
          where: { action: 'dialer.push.rotate', targetId: String(id) },
        }),
      ).toBe(1);
    });
  });

  it('a scheduled run drains a backlog in batches, in order, and skips disabled endpoints', async () => {
    await withEndpoint('/run', async ({ id, mailbox }) => {
      await setDialerPushEnabled(prisma, admin, { endpointId: id, enabled: false });
      const numbers = [];
      for (let i = 0; i < 5; i++) numbers.push(await addCallListEvent(prisma));
      // Disabled: a run posts nothing (and ends at once: no endpoint is enabled).
      const idle = await runDialerPush(prisma, {
        ...options(() => new Date(), { batchSize: 2 }),
        runMs: 5_000,
      });
      expect(idle).toEqual({ attempts: 0, delivered: 0, failed: 0 });
      expect(mailbox.received).toHaveLength(0);

      await setDialerPushEnabled(prisma, admin, { endpointId: id, enabled: true });
      const run = await runDialerPush(prisma, {
        ...options(() => new Date(), { batchSize: 2 }),
        runMs: 10_000,
        idlePollMs: 20,
        shouldStop: () => mailbox.received.length >= 3,
      });
      expect(run).toEqual({ attempts: 3, delivered: 5, failed: 0 });
      expect(mailbox.received.map((r) => r.body.changes.length)).toEqual([2, 2, 1]);
      expect(mailbox.received.every((r) => r.verified)).toBe(true);
      expect(mailbox.received.flatMap((r) => r.body.changes.map((c) => c.accountNumber))).toEqual(
        numbers,
      );
      // Each batch starts where the previous one ended.
      for (let i = 1; i < 3; i++)
        expect(mailbox.received[i]?.body.after).toBe(mailbox.received[i - 1]?.body.cursor);
      expect(
        await prisma.auditLog.findMany({
          where: { targetType: 'dialer_push_endpoint', targetId: String(id) },
          orderBy: { id: 'asc' },
          select: { action: true },
        }),
      ).toEqual([
        { action: 'dialer.push.register' },
        { action: 'dialer.push.disable' },
        { action: 'dialer.push.enable' },
      ]);
    });
  });

  it('retry now ends the backoff; controls are ADMIN only and refusals change nothing', async () => {
    await withEndpoint('/controls', async ({ id, mailbox }) => {
      const supervisor = await createStaffUser(prisma, 'SUPERVISOR');
      await addCallListEvent(prisma);
      mailbox.script.push('500');
      const now = new Date();
      await deliverDialerPush(prisma, { ...options(() => now), endpointId: id });
      expect((await endpointRow(id)).nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
      await retryDialerPushNow(prisma, admin, { endpointId: id, now });
      expect((await endpointRow(id)).nextAttemptAt.getTime()).toBe(now.getTime());
      expect(
        await deliverDialerPush(prisma, { ...options(() => now), endpointId: id }),
      ).toMatchObject({ kind: 'DELIVERED' });

      const before = await endpointRow(id);
      for (const run of [
        () =>
          registerDialerPushEndpoint(prisma, supervisor, {
            url: `${base}/x`,
            sealKey: TEST_TOTP_KEY,
            allowLoopbackHttp: true,
          }),
        () =>
          rotateDialerPushSecret(prisma, supervisor, { endpointId: id, sealKey: TEST_TOTP_KEY }),
        () => setDialerPushEnabled(prisma, supervisor, { endpointId: id, enabled: false }),
        () => retryDialerPushNow(prisma, supervisor, { endpointId: id }),
        () => deleteDialerPushEndpoint(prisma, supervisor, { endpointId: id }),
        () => getDialerPushStatus(prisma, supervisor),
      ])
        expect(await refusalCode(run)).toBe('FORBIDDEN');
      expect(await endpointRow(id)).toEqual(before);
      expect(await prisma.auditLog.count({ where: { staffUserId: supervisor.staffUserId } })).toBe(
        0,
      );

      // An enabled endpoint is not deleted; enabling an enabled one is refused.
      expect(
        await refusalCode(() => deleteDialerPushEndpoint(prisma, admin, { endpointId: id })),
      ).toBe('CONFLICT');
      expect(
        await refusalCode(() =>
          setDialerPushEnabled(prisma, admin, { endpointId: id, enabled: true }),
        ),
      ).toBe('CONFLICT');
    });
  });

  it('the database refuses an endpoint or an attempt that breaks its checks', async () => {
    const refused = async (sql: string) => {
      try {
        await prisma.$executeRawUnsafe(sql);
      } catch (error) {
        return String(error).includes('23514') || /violates check constraint/.test(String(error));
      }
      return false;
    };
    for (const values of [
      `'ftp://x', 'v1.a.b.c', 0, NULL, NULL`,
      `'https://x', 'v1.a.b.c', -1, NULL, NULL`,
      `'https://x', 'v1.a.b.c', 0, 'v1.a.b.c', NULL`,
    ])
      expect(
        await refused(
          `INSERT INTO dialer_push_endpoint (url, secret_sealed, last_delivered_event_id,
             previous_secret_sealed, previous_secret_expires_at) VALUES (${values})`,
        ),
        values,
      ).toBe(true);
    expect(
      await refused(
        `INSERT INTO dialer_push_attempt (endpoint_id, attempted_at, first_event_id, last_event_id,
           event_count, ok, duration_ms) VALUES (1, now(), 5, 4, 1, true, 1)`,
      ),
    ).toBe(true);
  });

  it('registration checks the URL and the number of endpoints', async () => {
    for (const url of ['http://dialer.example.com/push', 'ftp://x', 'not a url'])
      expect(
        await refusalCode(() =>
          registerDialerPushEndpoint(prisma, admin, {
            url,
            sealKey: TEST_TOTP_KEY,
            allowLoopbackHttp: true,
          }),
        ),
      ).toBe('INVALID_INPUT');
    expect(
      await refusalCode(() =>
        registerDialerPushEndpoint(prisma, admin, {
          url: `${base}/push`,
          sealKey: TEST_TOTP_KEY,
          allowLoopbackHttp: false,
        }),
      ),
    ).toBe('INVALID_INPUT');

    const ids: number[] = [];
    try {
      const existing = await prisma.dialerPushEndpoint.count();
      for (let i = existing; i < PUSH_POLICY.maxEndpoints; i++) {
        const { endpointId } = await registerDialerPushEndpoint(prisma, admin, {
          url: `https://dialer${i}.example.com/push`,
          sealKey: TEST_TOTP_KEY,
          allowLoopbackHttp: false,
        });
        ids.push(endpointId);
        // The secret is stored sealed, never in clear.
        const row = await endpointRow(endpointId);
        expect(row.secretSealed).toMatch(/^v1\./);
      }
      expect(
        await refusalCode(() =>
          registerDialerPushEndpoint(prisma, admin, {
            url: 'https://one-too-many.example.com/',
            sealKey: TEST_TOTP_KEY,
            allowLoopbackHttp: false,
          }),
        ),
      ).toBe('CONFLICT');
    } finally {
      for (const endpointId of ids) {
        await setDialerPushEnabled(prisma, admin, { endpointId, enabled: false });
        await deleteDialerPushEndpoint(prisma, admin, { endpointId });
      }
    }
  });
});
