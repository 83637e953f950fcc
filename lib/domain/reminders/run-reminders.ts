import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { SmsTransport } from '../../server/sms/transport';
import { countSmsSegments } from '../../sms-segments';
import type { BillingRules } from '../billing-rules';
import { callListParams, EVALUATE_CALL_LIST_SQL } from '../call-list/evaluate-call-list-sql';
import { planPaidSql } from '../plans/plan-paid-sql';
import { SMS_POLICY } from '../sms/sms-policy';
import { composeInstalmentReminderText, composeReminderText } from './reminder-text';
import { isWithinSendingWindow, type SendingCalendar } from './sending-window';

export type ReminderSkipReason =
  | 'DISPUTE_OPEN'
  | 'NO_OVERDUE_DEBT'
  | 'NOT_CONTACTABLE'
  | 'NUMBER_FAILED'
  | 'RECENTLY_REMINDED'
  | 'PLANNED_BY_ANOTHER_RUN'
  | 'STALE'
  | 'CHANGED_BEFORE_SEND';

export type ReminderRunSummary = {
  runId: number;
  withinWindow: boolean;
  /** Accounts that chose SMS and owe overdue money, with no open dispute, to a working number. */
  due: number;
  planned: number;
  sent: number;
  failed: number;
  skipped: Partial<Record<ReminderSkipReason, number>>;
  /** Milliseconds the planning statement took (the benchmark reports it). */
  planMs: number;
};

export type ReminderRunOptions = {
  /** Which worker runs it (host:pid), recorded on the run. */
  worker: string;
  rules: BillingRules;
  calendar: SendingCalendar;
  transport: SmsTransport;
  /** The short pay link for an account, valid until `expiresAt`. */
  payUrl: (accountId: number, expiresAt: Date) => string;
  /** The clock (a run of 60,000 messages takes a while; tests pass a fixed one). */
  now?: () => Date;
  batchSize?: number;
  /** Messages handed to the transport at once. */
  concurrency?: number;
};

/**
 * One reminder run (DESIGN rule 4). Nothing happens outside 09:00–20:00 Kyiv on working days.
 * Inside, it plans and then sends:
 *
 * - **Plan** (one statement): every account that chose SMS, has overdue debt, no open dispute
 *   and a number that has not failed, and was not reminded in the last 7 × 24 h, gets a
 *   PLANNED row in sms_reminder. The database refuses a second live row for an account in the
 *   same Kyiv week (partial unique key): runs on several workers at once plan each account
 *   once. Overdue debt is the call-list rule's own evaluation (EVALUATE_CALL_LIST_SQL).
 * - **Send**: batches of PLANNED rows are claimed with FOR UPDATE SKIP LOCKED and marked SENDING
 *   in their own commit, then handed to the transport, then recorded (sms_message + SENT) in one
 *   transaction. A crash between claim and record leaves SENDING rows that are never sent
 *   again: at most once, never twice.
 *
 * Every run is recorded in reminder_run with what was due, sent and skipped, and why.
 */
export async function runReminders(
  prisma: PrismaClient,
  options: ReminderRunOptions,
): Promise<ReminderRunSummary> {
  const clock = options.now ?? (() => new Date());
  const startedAt = clock();
  const withinWindow = isWithinSendingWindow(startedAt, options.calendar);
  const run = await prisma.reminderRun.create({
    data: { worker: options.worker.slice(0, 200), startedAt, withinWindow },
    select: { id: true },
  });
  const summary: ReminderRunSummary = {
    runId: run.id,
    withinWindow,
    due: 0,
    planned: 0,
    sent: 0,
    failed: 0,
    skipped: {},
    planMs: 0,
  };
  if (withinWindow) {
    const planStarted = performance.now();
    await planReminders(prisma, run.id, startedAt, options, summary);
    summary.planMs = performance.now() - planStarted;
    await sendPlannedReminders(prisma, run.id, clock, options, summary);
  }
  await prisma.reminderRun.update({
    where: { id: run.id },
    data: {
      finishedAt: clock(),
      due: summary.due,
      planned: summary.planned,
      sent: summary.sent,
      failed: summary.failed,
      skipped: summary.skipped,
    },
  });
  return summary;
}

function count(summary: ReminderRunSummary, reason: ReminderSkipReason, n: number): void {
  if (n > 0) summary.skipped[reason] = (summary.skipped[reason] ?? 0) + n;
}

/**
 * The planning statement: the call-list evaluation restricted to SMS accounts ($1..$n), then
 * $n+1 now, $n+2 the run id, $n+3 the minimum interval in days.
 */
export function planRemindersSql(n: number): string {
  return `WITH evaluated AS (${EVALUATE_CALL_LIST_SQL}),
     candidates AS (
       SELECT v.account_id, v.overdue_months, v.reason, v.overdue, a.balance_kopecks,
              a.sms_phone_e164 AS phone, p.sms_failed_at IS NOT NULL AS number_failed
         FROM evaluated v
         JOIN account a ON a.id = v.account_id
         LEFT JOIN phone p ON p.account_id = a.id AND p.e164 = a.sms_phone_e164
        WHERE a.contact_preference = 'SMS'
     ),
     due AS (
       SELECT c.* FROM candidates c
        WHERE c.reason = 'SMS_OPT_IN' AND c.overdue > 0 AND NOT c.number_failed
          AND c.phone IS NOT NULL AND c.balance_kopecks > 0
     ),
     fresh AS (
       SELECT d.* FROM due d
        WHERE NOT EXISTS (
          SELECT 1 FROM sms_reminder r
           WHERE r.account_id = d.account_id
             AND r.status <> 'SKIPPED' -- the live reminders (the weekly key's own predicate)
             AND coalesce(r.sent_at, r.planned_at) > $${n + 1}::timestamptz
                                                    - make_interval(days => $${n + 3}::int))
     ),
     planned AS (
       INSERT INTO sms_reminder (account_id, week_start, status, phone_e164, amount_kopecks,
                                 overdue_months, run_id, planned_at)
       SELECT f.account_id,
              date_trunc('week', $${n + 1}::timestamptz AT TIME ZONE 'Europe/Kyiv')::date,
              'PLANNED', f.phone, f.balance_kopecks, f.overdue_months, $${n + 2}::int,
              $${n + 1}::timestamptz
         FROM fresh f
        ORDER BY f.account_id
       ON CONFLICT (account_id, week_start) WHERE status <> 'SKIPPED' DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM candidates WHERE reason = 'DISPUTE_OPEN')::int AS dispute,
            (SELECT count(*) FROM candidates
              WHERE reason NOT IN ('DISPUTE_OPEN') AND overdue = 0)::int AS no_overdue,
            (SELECT count(*) FROM candidates
              WHERE reason NOT IN ('SMS_OPT_IN', 'DISPUTE_OPEN', 'PAYMENT_PLAN') AND overdue > 0)::int
              AS not_contactable,
            (SELECT count(*) FROM candidates
              WHERE reason = 'SMS_OPT_IN' AND overdue > 0 AND number_failed)::int AS number_failed,
            (SELECT count(*) FROM due)::int AS due,
            (SELECT count(*) FROM due) - (SELECT count(*) FROM fresh)::int AS recent,
            (SELECT count(*) FROM planned)::int AS planned`;
}

/**
 * Instalment reminders (issue 11), planned in the same run, hours and weekly limit as the
 * overdue reminders: an account that chose SMS and keeps a payment plan (the call-list rule's
 * PAYMENT_PLAN) gets one when its next instalment not yet paid is due within
 * $n+4 days, or is late but within its grace days. The amount is what is left of that
 * instalment (payments count in order). Parameters: the call-list evaluation's, then $n+1 now,
 * $n+2 run id, $n+3 minimum interval in days, $n+4 days ahead.
 */
export function planInstalmentRemindersSql(n: number): string {
  return `WITH evaluated AS (${EVALUATE_CALL_LIST_SQL}),
     plans AS (
       SELECT v.account_id, pp.id AS plan_id, a.sms_phone_e164 AS phone,
              p.sms_failed_at IS NOT NULL AS number_failed,
              greatest(${planPaidSql('pp')}, 0) AS paid
         FROM evaluated v
         JOIN account a ON a.id = v.account_id
         JOIN payment_plan pp ON pp.account_id = v.account_id AND pp.status = 'ACTIVE'
         LEFT JOIN phone p ON p.account_id = a.id AND p.e164 = a.sms_phone_e164
        WHERE v.reason = 'PAYMENT_PLAN' AND a.contact_preference = 'SMS'
     ),
     due AS (
       SELECT pl.account_id, pl.phone, n.due_date, n.left_kopecks
         FROM plans pl
        CROSS JOIN LATERAL (
          SELECT c.due_date, least(c.amount_kopecks, c.cumulative - pl.paid)::int AS left_kopecks
            FROM (SELECT i.seq, i.due_date, i.amount_kopecks,
                         sum(i.amount_kopecks) OVER (ORDER BY i.seq) AS cumulative
                    FROM payment_plan_instalment i WHERE i.plan_id = pl.plan_id) c
           WHERE c.cumulative > pl.paid
           ORDER BY c.seq
           LIMIT 1) n
        WHERE NOT pl.number_failed AND pl.phone IS NOT NULL
          AND n.due_date <= ($${n + 1}::timestamptz AT TIME ZONE 'Europe/Kyiv')::date + $${n + 4}::int
     ),
     fresh AS (
       SELECT d.* FROM due d
        WHERE NOT EXISTS (
          SELECT 1 FROM sms_reminder r
           WHERE r.account_id = d.account_id
             AND r.status <> 'SKIPPED'
             AND coalesce(r.sent_at, r.planned_at) > $${n + 1}::timestamptz
                                                    - make_interval(days => $${n + 3}::int))
     ),
     planned AS (
       INSERT INTO sms_reminder (account_id, week_start, status, phone_e164, amount_kopecks,
                                 overdue_months, instalment_due_date, run_id, planned_at)
       SELECT f.account_id,
              date_trunc('week', $${n + 1}::timestamptz AT TIME ZONE 'Europe/Kyiv')::date,
              'PLANNED', f.phone, f.left_kopecks, 0, f.due_date, $${n + 2}::int,
              $${n + 1}::timestamptz
         FROM fresh f
        ORDER BY f.account_id
       ON CONFLICT (account_id, week_start) WHERE status <> 'SKIPPED' DO NOTHING
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM due)::int AS due,
            (SELECT count(*) FROM due) - (SELECT count(*) FROM fresh)::int AS recent,
            (SELECT count(*) FROM planned)::int AS planned`;
}

/** How many days before an instalment's due date its reminder may go. */
export const INSTALMENT_REMINDER_DAYS_AHEAD = 3;

type PlanCounts = {
  dispute: number;
  no_overdue: number;
  not_contactable: number;
  number_failed: number;
  due: number;
  recent: number;
  planned: number;
};

async function planReminders(
  prisma: PrismaClient,
  runId: number,
  now: Date,
  options: ReminderRunOptions,
  summary: ReminderRunSummary,
): Promise<void> {
  const params = callListParams(now, options.rules, { contactPreference: 'SMS' });
  const n = params.length;
  // $n+1 now, $n+2 run id, $n+3 minimum interval in days
  const [counts] = await prisma.$queryRawUnsafe<PlanCounts[]>(
    planRemindersSql(n),
    ...params,
    now,
    runId,
    SMS_POLICY.reminderIntervalDays,
  );
  if (!counts) return;
  const [instalments] = await prisma.$queryRawUnsafe<
    { due: number; recent: number; planned: number }[]
  >(
    planInstalmentRemindersSql(n),
    ...params,
    now,
    runId,
    SMS_POLICY.reminderIntervalDays,
    INSTALMENT_REMINDER_DAYS_AHEAD,
  );
  summary.due = counts.due + (instalments?.due ?? 0);
  summary.planned = counts.planned + (instalments?.planned ?? 0);
  count(summary, 'RECENTLY_REMINDED', Number(instalments?.recent ?? 0));
  count(summary, 'DISPUTE_OPEN', counts.dispute);
  count(summary, 'NO_OVERDUE_DEBT', counts.no_overdue);
  count(summary, 'NOT_CONTACTABLE', counts.not_contactable);
  count(summary, 'NUMBER_FAILED', counts.number_failed);
  count(summary, 'RECENTLY_REMINDED', Number(counts.recent));
  count(
    summary,
    'PLANNED_BY_ANOTHER_RUN',
    Number(counts.due) - Number(counts.recent) - counts.planned,
  );
}

type ClaimedReminder = {
  id: number;
  account_id: number;
  phone_e164: string;
  amount_kopecks: number;
  overdue_months: number;
  /** Set for an instalment reminder (a payment plan). */
  instalment_due_date: Date | null;
  locale: Locale;
};

type Outcome = { reminder: ClaimedReminder; body: string } & (
  | { ok: true; providerMessageId: string }
  | { ok: false; error: string }
);

async function sendPlannedReminders(
  prisma: PrismaClient,
  runId: number,
  clock: () => Date,
  options: ReminderRunOptions,
  summary: ReminderRunSummary,
): Promise<void> {
  const batchSize = options.batchSize ?? SMS_POLICY.sendBatchSize;
  const concurrency = options.concurrency ?? 8;
  for (;;) {
    const now = clock();
    // Stale plans (a run interrupted outside the window, a crashed worker) are not sent late:
    // they are skipped, and the account is planned afresh by the next run within the window.
    const stale = await prisma.$executeRawUnsafe(
      `UPDATE sms_reminder SET status = 'SKIPPED', skip_reason = 'STALE'
        WHERE status = 'PLANNED' AND planned_at < $1::timestamptz - make_interval(mins => $2::int)`,
      now,
      SMS_POLICY.staleAfterMinutes,
    );
    count(summary, 'STALE', stale);
    if (!isWithinSendingWindow(now, options.calendar)) return;
    // Claim a batch in its own commit. A resident who opted out, changed the number or opened a
    // dispute since the plan is skipped here, at the last moment before sending.
    const rows = await prisma.$queryRawUnsafe<(ClaimedReminder & { status: string })[]>(
      `WITH claim AS (
         SELECT id FROM sms_reminder WHERE status = 'PLANNED'
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
       ),
       checked AS (
         SELECT c.id, a.preferred_locale,
                (a.contact_preference = 'SMS'
                 AND a.sms_phone_e164 IS NOT DISTINCT FROM r.phone_e164
                 AND NOT EXISTS (SELECT 1 FROM dispute d
                                  WHERE d.account_id = a.id AND d.status <> 'RESOLVED')) AS ok
           FROM claim c
           JOIN sms_reminder r ON r.id = c.id
           JOIN account a ON a.id = r.account_id
       )
       UPDATE sms_reminder r
          SET status = (CASE WHEN k.ok THEN 'SENDING' ELSE 'SKIPPED' END)::sms_reminder_status,
              skip_reason = CASE WHEN k.ok THEN NULL ELSE 'CHANGED_BEFORE_SEND' END,
              run_id = $2
         FROM checked k
        WHERE r.id = k.id
       RETURNING r.id, r.account_id, r.phone_e164, r.amount_kopecks, r.overdue_months,
                 r.instalment_due_date, r.status::text AS status,
                 k.preferred_locale::text AS locale`,
      batchSize,
      runId,
    );
    if (rows.length === 0) return;
    const claimed = rows.filter((row) => row.status === 'SENDING');
    count(summary, 'CHANGED_BEFORE_SEND', rows.length - claimed.length);
    if (claimed.length === 0) continue;

    const expiresAt = new Date(now.getTime() + SMS_POLICY.payLinkTtlDays * 86_400_000);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < claimed.length; i += concurrency) {
      const slice = claimed.slice(i, i + concurrency);
      outcomes.push(
        ...(await Promise.all(
          slice.map(async (reminder): Promise<Outcome> => {
            let body = '';
            try {
              // Inside the try: a message that cannot be composed fails alone, recorded.
              const payUrl = options.payUrl(reminder.account_id, expiresAt);
              body = reminder.instalment_due_date
                ? composeInstalmentReminderText({
                    locale: reminder.locale,
                    leftKopecks: reminder.amount_kopecks,
                    dueDate: reminder.instalment_due_date.toISOString().slice(0, 10),
                    payUrl,
                  })
                : composeReminderText({
                    locale: reminder.locale,
                    amountDueKopecks: reminder.amount_kopecks,
                    overdueMonths: reminder.overdue_months,
                    payUrl,
                  });
              const sent = await options.transport.send(reminder.phone_e164, body);
              return { reminder, body, ok: true, providerMessageId: sent.providerMessageId };
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              return { reminder, body, ok: false, error: message.slice(0, 500) };
            }
          }),
        )),
      );
    }
    await recordOutcomes(prisma, outcomes, clock());
    for (const outcome of outcomes) {
      if (outcome.ok) summary.sent += 1;
      else summary.failed += 1;
    }
  }
}

/** One transaction per batch: the messages (sms_message) and the reminders' final state. */
async function recordOutcomes(prisma: PrismaClient, outcomes: Outcome[], at: Date): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(
      `WITH messages AS (
         INSERT INTO sms_message (account_id, phone_e164, kind, body, status, provider_message_id,
                                  error, segments, dedupe_key, created_at, sent_at)
         SELECT u.account_id, u.phone, 'REMINDER', u.body, u.status::sms_status, u.provider_id,
                u.error, u.segments, 'reminder:' || u.reminder_id, $8::timestamptz,
                CASE WHEN u.status = 'SENT' THEN $8::timestamptz END
           FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $9::int[])
                AS u(reminder_id, account_id, phone, body, status, provider_id, error, segments)
         RETURNING id, dedupe_key, status
       )
       UPDATE sms_reminder r
          SET status = (CASE WHEN m.status = 'SENT' THEN 'SENT' ELSE 'FAILED' END)::sms_reminder_status,
              sms_message_id = m.id,
              sent_at = CASE WHEN m.status = 'SENT' THEN $8::timestamptz END
         FROM messages m
        WHERE m.dedupe_key = 'reminder:' || r.id`,
      outcomes.map((o) => o.reminder.id),
      outcomes.map((o) => o.reminder.account_id),
      outcomes.map((o) => o.reminder.phone_e164),
      outcomes.map((o) => o.body),
      outcomes.map((o) => (o.ok ? 'SENT' : 'FAILED')),
      outcomes.map((o) => (o.ok ? o.providerMessageId : null)),
      outcomes.map((o) => (o.ok ? null : o.error)),
      at,
      outcomes.map((o) => (o.body === '' ? null : countSmsSegments(o.body).segments)),
    );
  });
}
