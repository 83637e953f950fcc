import PgBoss from 'pg-boss';
import type { Tx } from '../db';

/**
 * (No `server-only` marker: the migration scripts and the e2e setup import installJobQueue
 * outside Next.js; nothing here is ever bundled for a browser.)
 *
 * The PostgreSQL job queue (pg-boss 10): work that follows a commit (SMS after a payment or a
 * STOP) and the scheduled reminder runs. Jobs live in the database's `pgboss` schema, so every
 * app instance and worker shares them, and a job enqueued inside a business transaction
 * exists exactly when that transaction commits (the outbox pattern, without an outbox table).
 */
export const JOBS = {
  /** A reminder run: plan who is due, then send (scheduled every 10 minutes, Kyiv time). */
  reminders: 'sms-reminders',
  /** "Payment received, thank you" for an account that chose SMS. Data: { paymentId }. */
  paymentConfirmation: 'sms-payment-confirmation',
  /** The one confirmation after a STOP reply. Data: { accountId, phoneE164, inboundSid }. */
  optOutConfirmation: 'sms-opt-out-confirmation',
  /** A bill access code staff reissued, sealed. Data: BillCodeSmsJob (lib/domain/sms/send-bill-code). */
  billCodeSms: 'sms-bill-access-code',
  /** Daily housekeeping: ended rate-limit windows. */
  maintenance: 'maintenance',
  /** Payment plans: record the ones paid off or broken (hourly). */
  paymentPlans: 'payment-plans',
  /** "Your payment plan was broken" for an account that chose SMS. Data: { planId }. */
  planNotice: 'sms-payment-plan',
  /** A billing period's close asked for in the console. Data: { month, staffUserId }. */
  closePeriod: 'billing-close-period',
  /** Dialer push: deliver new call-list events to the registered endpoints (every minute). */
  dialerPush: 'dialer-push',
  /** A bank or post-office registry uploaded by an admin: book it. Data: { importId }. */
  paymentImport: 'payment-import',
  /** Collections dashboard: today's and yesterday's figures (every 10 minutes). */
  dashboardRefresh: 'dashboard-refresh',
  /** Collections dashboard: the last weeks recomputed from the ledger (nightly). */
  dashboardRecompute: 'dashboard-recompute',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Reminder runs every 10 minutes on working-day hours (the run itself checks holidays). */
export const REMINDER_SCHEDULE = { cron: '*/10 9-19 * * 1-5', tz: 'Europe/Kyiv' } as const;

/** Payment plans are reviewed every hour (a break is due the day after the grace days end). */
export const PAYMENT_PLAN_SCHEDULE = { cron: '7 * * * *', tz: 'Europe/Kyiv' } as const;

/**
 * Dialer push runs start every minute; each delivers what is new for up to ~50 s
 * (lib/domain/dialer/deliver-dialer-push.ts), so changes mostly go out within seconds.
 */
export const DIALER_PUSH_SCHEDULE = { cron: '* * * * *', tz: 'Europe/Kyiv' } as const;

/** The collections dashboard's current figures every 10 minutes; its recent weeks nightly. */
export const DASHBOARD_REFRESH_SCHEDULE = { cron: '*/10 * * * *', tz: 'Europe/Kyiv' } as const;
export const DASHBOARD_RECOMPUTE_SCHEDULE = { cron: '40 2 * * *', tz: 'Europe/Kyiv' } as const;

/** Housekeeping once a night, Kyiv time. */
export const MAINTENANCE_SCHEDULE = { cron: '17 3 * * *', tz: 'Europe/Kyiv' } as const;

/** Creates the pgboss schema (pg-boss's own migrations) and the queues; idempotent. */
export async function installJobQueue(databaseUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: 2,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (const name of Object.values(JOBS)) {
      await boss.createQueue(name, { name, retryLimit: 3, retryDelay: 30, retryBackoff: true });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}

/** pg-boss's executor over a Prisma interactive transaction, for jobs sent inside it. */
function transactionExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
      return { rows };
    },
  };
}

let sender: PgBoss | undefined;

/** A pg-boss client used only to build job rows; it never opens a connection of its own. */
function jobSender(): PgBoss {
  sender ??= new PgBoss({ db: { executeSql: () => Promise.reject(new Error('unused')) } });
  return sender;
}

/**
 * Enqueues a job in the caller's transaction: it becomes visible to workers at the commit,
 * and vanishes with a rollback. The queue must exist (installJobQueue runs with migrations).
 */
export async function enqueueInTransaction(
  tx: Tx,
  name: JobName,
  data: Record<string, unknown>,
): Promise<void> {
  const id = await jobSender().send(name, data, { db: transactionExecutor(tx) });
  if (id === null) throw new Error(`job queue ${name} does not exist (run npm run db:migrate)`);
}
