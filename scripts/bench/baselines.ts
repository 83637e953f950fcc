/**
 * Shared by the benchmarks: the baselines they print beside their figures (the same computation,
 * written nowhere that costs: no indexes, no triggers, no foreign keys), and their inputs.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { accruePeriodBatchSql } from '../../lib/domain/billing/accrue-period-sql';

/** The period close's accrual SELECT for `month`, every account, into a bare temp table. */
export async function accrualIntoTempTable(pool: pg.Pool, month: string): Promise<void> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ max: number }>(
      'SELECT coalesce(max(id), 0)::int AS max FROM account',
    );
    await client.query('BEGIN');
    const select = accruePeriodBatchSql({ resuming: false }).replace(/^[\s\S]*?SELECT/, 'SELECT');
    await client.query(
      `CREATE TEMP TABLE bench_accrual ON COMMIT DROP AS SELECT * FROM (${select}) AS s(a, k, amount, m, svc, t, area, at, memo)`,
      [`${month}-01`, 0, rows[0]?.max ?? 0],
    );
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
}

/** A Stripe `checkout.session.completed` event paying `amount` kopecks to an account. */
export function checkoutCompleted(accountNumber: string, amount: number) {
  return {
    id: `evt_bench_${randomBytes(10).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_bench_${randomBytes(10).toString('hex')}`,
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: amount,
        currency: 'uah',
        payment_intent: `pi_bench_${randomBytes(10).toString('hex')}`,
        metadata: { accountNumber },
      },
    },
  };
}
