/**
 * `npm run bench -- plans`: the call-list rebuild with 20,000 active payment plans beside the
 * same rebuild without plans, in one run (issue 11: the plan check may add at most 10 %).
 *
 * On a scratch copy of a seeded database (it mutates it): warm up, then the rebuild and the
 * evaluation query alone `rounds` times with no plans; insert `plans` ACTIVE plans on accounts
 * on the list (six instalments each, agreed 0–5 months ago, 90 % paid up to date and 10 %
 * behind, so the check reads past instalments as it would in production); one rebuild applies
 * their removals (reported apart); the same measurements `rounds` times with plans; then the
 * plans are deleted, their removals undone by one more rebuild, and the measurements without
 * plans repeated, so drift shows. The figures compared are the medians of the steady-state
 * rebuilds (nothing to apply) with and without plans.
 */
import pg from 'pg';
import { kyivDay } from '../../lib/dates';
import type { BillingRules } from '../../lib/domain/billing-rules';
import {
  callListParams,
  EVALUATE_CALL_LIST_SQL,
} from '../../lib/domain/call-list/evaluate-call-list-sql';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * `count` ACTIVE plans on accounts on the list (chosen by a fixed hash of the id), six
 * instalments each, agreed 0–5 months before `today`; 90 % have paid every instalment already
 * due, 10 % nothing since agreeing.
 */
export function insertBenchPlans(pool: pg.Pool, count: number, today: string) {
  return pool.query(
    `WITH chosen AS (
           SELECT e.account_id AS id, row_number() OVER () AS k
             FROM (SELECT account_id FROM call_list_entry WHERE removed_at IS NULL
                    ORDER BY (account_id::bigint * 2654435761) % 4294967296
                    LIMIT $1) e
         ),
         base AS (
           SELECT c.id, c.k, a.balance_kopecks,
                  (SELECT coalesce(sum(d.debit_kopecks), 0) FROM account_month_debit d
                    WHERE d.account_id = c.id) - a.balance_kopecks AS credits,
                  ($2::date - make_interval(months => (c.k % 6)::int))::date AS agreed
             FROM chosen c JOIN account a ON a.id = c.id
         ),
         plans AS (
           INSERT INTO payment_plan (account_id, status, total_kopecks, instalment_count,
                                     credits_base_kopecks, paid_kopecks, locale, requested_at,
                                     started_at)
           SELECT b.id, 'ACTIVE', greatest(b.balance_kopecks, 600), 6,
                  b.credits - p.paid, p.paid,
                  'uk', b.agreed::timestamptz, b.agreed::timestamptz
             FROM base b
            -- 90 % have paid every instalment already due; 10 % nothing since agreeing.
            CROSS JOIN LATERAL (
              SELECT CASE WHEN b.k % 10 = 0 THEN 0
                          ELSE (greatest(b.balance_kopecks, 600) / 6) * (b.k % 6) END AS paid
            ) p
           RETURNING id, total_kopecks, requested_at
         )
         INSERT INTO payment_plan_instalment (plan_id, seq, due_date, amount_kopecks)
         SELECT p.id, g.seq,
                (p.requested_at::date + make_interval(months => g.seq::int))::date,
                p.total_kopecks / 6 + CASE WHEN g.seq <= p.total_kopecks % 6 THEN 1 ELSE 0 END
           FROM plans p CROSS JOIN generate_series(1, 6) AS g(seq)`,
    [count, today],
  );
}

export async function benchPlans(options: {
  databaseUrl: string;
  rules: BillingRules;
  now: Date;
  plans: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<{ withoutMs: number; withMs: number; ratio: number }> {
  const { rebuildCallList } = await import('../../lib/domain/call-list/rebuild-call-list');
  const { createPrismaClient } = await import('../../lib/server/db');
  const prisma = createPrismaClient(options.databaseUrl, 4);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const { log, now, rules } = options;
  try {
    const live = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_plan WHERE ended_at IS NULL`,
    );
    if ((live.rows[0]?.n ?? 0) > 0) throw new Error('the database already has live payment plans');
    const evaluate = () =>
      pool.query(
        `SELECT count(*) FILTER (WHERE reason = 'OVERDUE') AS overdue,
                count(*) FILTER (WHERE reason = 'PAYMENT_PLAN') AS payment_plan
           FROM (${EVALUATE_CALL_LIST_SQL}) x`,
        [...callListParams(now, rules, 'ALL')],
      );
    const rebuild = () => rebuildCallList(prisma, { asOf: now, rules });
    const measure = async (label: string, into: { rebuild: number[]; evaluate: number[] }) => {
      for (let round = 0; round < options.rounds; round++) {
        const e = await timed(evaluate);
        const r = await timed(rebuild);
        into.evaluate.push(e.ms);
        into.rebuild.push(r.ms);
        log(
          `${label} round ${round + 1}: rebuild ${s(r.ms)} (added ${r.value.added}, removed ${r.value.removed}, on the list ${r.value.onList}); evaluation alone ${s(e.ms)}`,
        );
      }
    };
    log(`warm-up rebuild: ${s((await timed(rebuild)).ms)}`);
    const without = { rebuild: [] as number[], evaluate: [] as number[] };
    const withPlans = { rebuild: [] as number[], evaluate: [] as number[] };
    await measure('without plans', without);

    const today = kyivDay(now);
    const inserted = await timed(() => insertBenchPlans(pool, options.plans, today));
    log(`inserted ${options.plans} active plans (6 instalments each) in ${s(inserted.ms)}`);
    const apply = await timed(rebuild);
    log(
      `the rebuild that applies the plans: ${s(apply.ms)} (removed ${apply.value.removed}, on the list ${apply.value.onList})`,
    );
    await measure('with plans', withPlans);
    const reasons = await evaluate();
    log(`the evaluation with plans: ${JSON.stringify(reasons.rows[0])}`);

    await pool.query(
      `DELETE FROM payment_plan_instalment; DELETE FROM payment_plan WHERE status = 'ACTIVE'`,
    );
    const undo = await timed(rebuild);
    log(
      `plans deleted; the rebuild that puts their accounts back: ${s(undo.ms)} (added ${undo.value.added})`,
    );
    await measure('without plans again', without);

    const withoutMs = median(without.rebuild);
    const withMs = median(withPlans.rebuild);
    const ratio = withMs / withoutMs;
    log('');
    log(
      `median steady-state rebuild without plans: ${s(withoutMs)} (${without.rebuild.length} runs)`,
    );
    log(
      `median steady-state rebuild with ${options.plans} plans: ${s(withMs)} (${withPlans.rebuild.length} runs)`,
    );
    log(
      `median evaluation query alone: without ${s(median(without.evaluate))}, with ${s(median(withPlans.evaluate))}`,
    );
    log(
      `the plan check adds ${((ratio - 1) * 100).toFixed(1)} % (aim: at most 10 %): ${ratio <= 1.1 ? 'met' : 'missed'}`,
    );
    return { withoutMs, withMs, ratio };
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}
