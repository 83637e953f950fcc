/**
 * The job worker: pg-boss over the app's PostgreSQL, handling the reminder runs (scheduled
 * every 10 minutes on working-day hours, Kyiv time) and the SMS that follow a commit (payment
 * confirmations, the STOP confirmation, a bill access code staff reissued). Several workers
 * may run at once, on one machine or many: pg-boss hands each job to one of them, and the
 * database's own keys make every SMS go at most once (docs/sms.md). An entry point like app/:
 * it reads configuration and passes it in.
 */
import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import { purgeExpiredRevocations } from '../../lib/domain/auth/revoke-session';
import { reviewPaymentPlans } from '../../lib/domain/plans/review-payment-plans';
import { purgeExpiredRateLimits } from '../../lib/domain/rate-limit/consume-rate-limit';
import { type ReminderRunSummary, runReminders } from '../../lib/domain/reminders/run-reminders';
import { nextSendingWindowStart } from '../../lib/domain/reminders/sending-window';
import { payLinkUrl } from '../../lib/domain/sms/pay-link-url';
import { type BillCodeSmsJob, sendBillAccessCode } from '../../lib/domain/sms/send-bill-code';
import { sendOptOutConfirmation } from '../../lib/domain/sms/send-opt-out-confirmation';
import { sendPaymentConfirmation } from '../../lib/domain/sms/send-payment-confirmation';
import { sendPlanBrokenNotice } from '../../lib/domain/sms/send-plan-notice';
import { createPrismaClient, type PrismaClient } from '../../lib/server/db';
import {
  getBillCodePepper,
  getBillingRules,
  getPayLinkConfig,
  getSendingCalendar,
} from '../../lib/server/env';
import {
  enqueueInTransaction,
  installJobQueue,
  JOBS,
  MAINTENANCE_SCHEDULE,
  PAYMENT_PLAN_SCHEDULE,
  REMINDER_SCHEDULE,
} from '../../lib/server/jobs/queue';
import { getSmsTransport, type SmsTransport } from '../../lib/server/sms/transport';

export type Worker = {
  /** One reminder run now (what the schedule triggers), for `npm run worker -- --run-now`. */
  runRemindersNow: () => Promise<ReminderRunSummary>;
  stop: () => Promise<void>;
};

export async function startWorker(options: {
  databaseUrl: string;
  log: (line: string) => void;
  /** Defaults to the configured transport (SMS_TRANSPORT). */
  transport?: SmsTransport;
  /** false: handle jobs but do not (re)create the schedule (a second worker in tests). */
  schedule?: boolean;
  pollingIntervalSeconds?: number;
  poolSize?: number;
}): Promise<Worker> {
  const rules = getBillingRules();
  const calendar = getSendingCalendar();
  const payLink = getPayLinkConfig();
  const billCodePepper = getBillCodePepper();
  const transport = options.transport ?? getSmsTransport();
  const worker = `${hostname()}:${process.pid}`;
  const prisma: PrismaClient = createPrismaClient(options.databaseUrl, options.poolSize ?? 4);
  await installJobQueue(options.databaseUrl);
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: 3,
    application_name: 'kvartplata-worker',
  });
  boss.on('error', (error) => options.log(`job queue error: ${error.message}`));
  await boss.start();

  const remindersNow = () =>
    runReminders(prisma, {
      worker,
      rules,
      calendar,
      transport,
      payUrl: (accountId, expiresAt) =>
        payLinkUrl({ baseUrl: payLink.baseUrl, accountId, expiresAt, secret: payLink.secret }),
    });
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  await boss.work(JOBS.reminders, polling, async () => {
    const run = await remindersNow();
    options.log(
      run.withinWindow
        ? `reminder run ${run.runId}: ${run.due} due, ${run.planned} planned, ${run.sent} sent, ${run.failed} failed, skipped ${JSON.stringify(run.skipped)}`
        : `reminder run ${run.runId}: outside the sending window, nothing sent; it opens ${nextSendingWindowStart(new Date(), calendar).toISOString()}`,
    );
    return run;
  });
  await boss.work<{ paymentId: number }>(JOBS.paymentConfirmation, polling, async ([job]) => {
    if (!job) return;
    const outcome = await sendPaymentConfirmation(prisma, {
      paymentId: job.data.paymentId,
      transport,
      rules,
    });
    if (outcome === 'FAILED') throw new Error(`payment confirmation ${job.data.paymentId} failed`);
    return { outcome };
  });
  await boss.work<{
    accountId: number;
    phoneE164: string;
    inboundSid: string;
    backOnCallList: boolean;
  }>(JOBS.optOutConfirmation, polling, async ([job]) => {
    if (!job) return;
    return { outcome: await sendOptOutConfirmation(prisma, { ...job.data, transport }) };
  });
  await boss.work<BillCodeSmsJob>(JOBS.billCodeSms, polling, async ([job]) => {
    if (!job) return;
    const outcome = await sendBillAccessCode(prisma, {
      ...job.data,
      pepper: billCodePepper,
      transport,
    });
    if (outcome === 'FAILED') throw new Error(`bill code SMS ${job.data.reissueId} failed`);
    return { outcome };
  });
  await boss.work(JOBS.paymentPlans, polling, async () => {
    const summary = await reviewPaymentPlans(prisma, {
      rules,
      enqueuePlanNotice: (tx, job) => enqueueInTransaction(tx, JOBS.planNotice, job),
    });
    options.log(
      `payment plans: ${summary.active} active, ${summary.broken.length} broken, ${summary.completed.length} completed`,
    );
    return { broken: summary.broken.length, completed: summary.completed.length };
  });
  await boss.work<{ planId: number }>(JOBS.planNotice, polling, async ([job]) => {
    if (!job) return;
    const outcome = await sendPlanBrokenNotice(prisma, {
      planId: job.data.planId,
      transport,
      rules,
    });
    if (outcome === 'FAILED') throw new Error(`payment plan notice ${job.data.planId} failed`);
    return { outcome };
  });
  await boss.work(JOBS.maintenance, polling, async () => {
    const purged = await purgeExpiredRateLimits(prisma);
    const revocations = await purgeExpiredRevocations(prisma);
    options.log(
      `maintenance: ${purged} ended rate-limit windows and ${revocations} expired session revocations deleted`,
    );
    return { purged, revocations };
  });
  if (options.schedule !== false) {
    await boss.schedule(JOBS.reminders, REMINDER_SCHEDULE.cron, {}, { tz: REMINDER_SCHEDULE.tz });
    await boss.schedule(
      JOBS.paymentPlans,
      PAYMENT_PLAN_SCHEDULE.cron,
      {},
      { tz: PAYMENT_PLAN_SCHEDULE.tz },
    );
    await boss.schedule(
      JOBS.maintenance,
      MAINTENANCE_SCHEDULE.cron,
      {},
      {
        tz: MAINTENANCE_SCHEDULE.tz,
      },
    );
  }
  options.log(
    `worker ${worker} started: reminders ${REMINDER_SCHEDULE.cron} (${REMINDER_SCHEDULE.tz})`,
  );

  return {
    runRemindersNow: remindersNow,
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await prisma.$disconnect();
    },
  };
}
