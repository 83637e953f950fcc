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
import { kyivDay, type MonthKey } from '../../lib/dates';
import { purgeExpiredRevocations } from '../../lib/domain/auth/revoke-session';
import { closeBillingPeriod } from '../../lib/domain/billing/close-billing-period';
import { recordPeriodCloseError } from '../../lib/domain/billing/period-close-console';
import { backfillCollectionsDays } from '../../lib/domain/dashboard/backfill-collections-days';
import { refreshCollectionsDays } from '../../lib/domain/dashboard/refresh-collections-days';
import { runDialerPush } from '../../lib/domain/dialer/deliver-dialer-push';
import {
  markPaymentImportFailed,
  runPaymentImport,
} from '../../lib/domain/imports/run-payment-import';
import { addDays } from '../../lib/domain/plans/plan-schedule';
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
import { postDialerPush } from '../../lib/server/dialer/push-transport';
import {
  allowsLoopbackDialerPush,
  getAccountNumberScheme,
  getBillCodePepper,
  getBillingRules,
  getPayLinkConfig,
  getSendingCalendar,
  getStaffTotpKey,
} from '../../lib/server/env';
import {
  DASHBOARD_RECOMPUTE_SCHEDULE,
  DASHBOARD_REFRESH_SCHEDULE,
  DIALER_PUSH_SCHEDULE,
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
  /**
   * The dashboard's today (debtors, the call list, payments) right after work that moves it (a
   * period close, a bank import), rather than at the next 10-minute refresh. A failure here is
   * not that work's: it is logged, and the scheduled refresh catches up.
   */
  const refreshDashboardAfter = (what: string) =>
    refreshCollectionsDays(prisma, { now: new Date(), rules }).then(
      () => undefined,
      (error: unknown) => options.log(`dashboard refresh after ${what} failed: ${String(error)}`),
    );

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
  // Dialer push (docs/dialer-push.md): each run delivers for up to ~50 s; a stopping worker ends it.
  let stopping = false;
  await boss.work(JOBS.dialerPush, polling, async () => {
    const run = await runDialerPush(prisma, {
      sealKey: getStaffTotpKey(),
      transport: postDialerPush,
      allowLoopbackHttp: allowsLoopbackDialerPush(),
      shouldStop: () => stopping,
    });
    if (run.attempts > 0)
      options.log(
        `dialer push: ${run.delivered} events delivered, ${run.failed} of ${run.attempts} posts failed`,
      );
    return run;
  });
  await boss.work<{ month: MonthKey; staffUserId: number }>(
    JOBS.closePeriod,
    polling,
    async ([job]) => {
      if (!job) return;
      const { month, staffUserId } = job.data;
      try {
        const result = await closeBillingPeriod(prisma, {
          month,
          staffUserId,
          rules,
          onProgress: ({ throughAccountId, lastAccountId }) =>
            options.log(
              `close ${month}: accounts up to id ${throughAccountId} of ${lastAccountId}`,
            ),
        });
        options.log(`close ${month}: ${result.status}`);
        if (result.status === 'CLOSED') await refreshDashboardAfter(`the close of ${month}`);
        return { status: result.status };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await recordPeriodCloseError(prisma, { month, error: message });
        throw error;
      }
    },
  );
  // Bank and post-office registries (docs/payment-imports.md): a retry resumes at the checkpoint.
  await boss.work<{ importId: number }>(
    JOBS.paymentImport,
    { ...polling, includeMetadata: true },
    async ([job]) => {
      if (!job) return;
      const { importId } = job.data;
      try {
        const result = await runPaymentImport(prisma, {
          importId,
          rules,
          scheme: getAccountNumberScheme(),
          enqueuePaymentConfirmation: (tx, data) =>
            enqueueInTransaction(tx, JOBS.paymentConfirmation, data),
        });
        options.log(
          `payment import ${importId}: ${result.status}, ${result.booked} booked, ${result.duplicates} duplicates, ${result.refused} refused`,
        );
        if (result.booked > 0) await refreshDashboardAfter(`payment import ${importId}`);
        return { status: result.status, booked: result.booked };
      } catch (error) {
        if (job.retryCount >= job.retryLimit) {
          const message = error instanceof Error ? error.message : String(error);
          await markPaymentImportFailed(prisma, { importId, error: message });
        }
        throw error;
      }
    },
  );
  // The collections dashboard (docs/dashboard.md): today's figures, and nightly the last five
  // weeks again from the ledger (entries booked late with an earlier effective date).
  await boss.work(JOBS.dashboardRefresh, polling, async () => {
    const result = await refreshCollectionsDays(prisma, { now: new Date(), rules });
    return { today: result.today, debtors: result.debtors.debtors, ms: Math.round(result.ms) };
  });
  await boss.work(JOBS.dashboardRecompute, polling, async () => {
    const from = addDays(kyivDay(new Date()), -35);
    const result = await backfillCollectionsDays(prisma, { rules, from });
    options.log(`dashboard: ${result.days} days from ${result.from} recomputed from the ledger`);
    return { days: result.days, ms: Math.round(result.ms) };
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
      JOBS.dialerPush,
      DIALER_PUSH_SCHEDULE.cron,
      {},
      { tz: DIALER_PUSH_SCHEDULE.tz },
    );
    await boss.schedule(
      JOBS.dashboardRefresh,
      DASHBOARD_REFRESH_SCHEDULE.cron,
      {},
      { tz: DASHBOARD_REFRESH_SCHEDULE.tz },
    );
    await boss.schedule(
      JOBS.dashboardRecompute,
      DASHBOARD_RECOMPUTE_SCHEDULE.cron,
      {},
      // It reads the whole ledger: ~7 minutes at 600,000 accounts (docs/benchmarks.md).
      { tz: DASHBOARD_RECOMPUTE_SCHEDULE.tz, expireInSeconds: 60 * 60 },
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
      stopping = true;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await prisma.$disconnect();
    },
  };
}
