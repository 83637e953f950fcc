/**
 * The dialer push through the real job queue: a `dialer-push` job taken by a running worker
 * delivers a new call-list event to a real receiver, signed with the secret the admin was shown
 * (sealed under the configured STAFF_TOTP_KEY), and a stopping worker ends its run promptly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteDialerPushEndpoint,
  registerDialerPushEndpoint,
  setDialerPushEnabled,
} from '@/lib/domain/dialer/dialer-push-endpoints';
import { getPrisma } from '@/lib/server/db';
import { allowsLoopbackDialerPush, getStaffTotpKey } from '@/lib/server/env';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { addCallListEvent, type PushReceiver, startPushReceiver } from '@/test/dialer-push';
import { createStaffUser } from '@/test/staff-factories';
import { startWorker, type Worker } from './start-worker';

const prisma = getPrisma();
let receiver: PushReceiver;
let worker: Worker | undefined;

beforeAll(async () => {
  receiver = await startPushReceiver();
});

afterAll(async () => {
  await worker?.stop();
  await receiver.close();
  await prisma.$disconnect();
});

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('dialer push job', () => {
  it('a queued run delivers a new event, signed; stopping the worker ends the run', async () => {
    const admin = await createStaffUser(prisma, 'ADMIN');
    expect(allowsLoopbackDialerPush()).toBe(true);
    const registered = await registerDialerPushEndpoint(prisma, admin, {
      url: `${receiver.base}/job`,
      sealKey: getStaffTotpKey(),
      allowLoopbackHttp: true,
    });
    const mailbox = receiver.open('/job', registered.secret);
    try {
      const number = await addCallListEvent(prisma);
      worker = await startWorker({
        databaseUrl: process.env.DATABASE_URL ?? '',
        log: () => {},
        schedule: false,
        pollingIntervalSeconds: 0.5,
        poolSize: 2,
      });
      await prisma.$transaction((tx) => enqueueInTransaction(tx, JOBS.dialerPush, {}));
      expect(await until(() => mailbox.received.length > 0, 20_000)).toBe(true);
      const [received] = mailbox.received;
      expect(received?.verified).toBe(true);
      expect(received?.body.changes.map((c) => c.accountNumber)).toEqual([number]);
      // The worker records the success once the receiver has answered.
      let cursor = '';
      const recorded = await until(async () => {
        const row = await prisma.dialerPushEndpoint.findUniqueOrThrow({
          where: { id: registered.endpointId },
        });
        cursor = row.lastDeliveredEventId.toString();
        return cursor === received?.body.cursor;
      }, 10_000);
      expect(recorded, `cursor ${cursor}`).toBe(true);

      // The run would go on polling for ~50 s; a stopping worker ends it within a poll or two.
      const stopping = Date.now();
      await worker.stop();
      worker = undefined;
      expect(Date.now() - stopping).toBeLessThan(8_000);
    } finally {
      await setDialerPushEnabled(prisma, admin, {
        endpointId: registered.endpointId,
        enabled: false,
      });
      await deleteDialerPushEndpoint(prisma, admin, { endpointId: registered.endpointId });
    }
  });
});
