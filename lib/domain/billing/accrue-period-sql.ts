/**
 * DESIGN rule 1 as one set-based INSERT: every ACTIVE account opened by the end of the month
 * gets one ACCRUAL line per service its building's category has a rate for, at the rate in
 * force for that month (the latest tariff whose effective_from is not after it), amount =
 * area × rate rounded half-up to the kopeck (area in hundredths of m², so
 * (area × rate + 50) / 100 in integer division). The line records tariff and area, so a
 * statement can show area × rate = amount without re-deriving history.
 *
 * Parameters: $1 month (DATE, first day), $2 first account id (exclusive), $3 last account id
 * (inclusive). Two forms (accruePeriodBatchSql): a fresh close inserts plainly, and the partial
 * unique index ledger_entry_one_accrual_key refuses any line twice; a close that resumes an
 * interrupted one adds ON CONFLICT … DO NOTHING, so a batch that committed before the crash is a
 * no-op. The plain form is a third cheaper (EXPLAIN ANALYZE of 190,453 lines: 0.76 s against
 * 1.12 s, and a WAL record less per line): a speculative insertion checks the index twice and
 * logs a confirmation for every line.
 */
/**
 * One accrual line's amount in SQL: area (hundredths of m²) × rate (kopecks per m²), rounded
 * half-up to the kopeck in integer arithmetic, as accrualKopecks (lib/money.ts) does in
 * TypeScript. The close and the tariff preview both use it.
 */
export function accrualAmountSql(area: string, rate: string): string {
  return `((${area}::bigint * ${rate} + 50) / 100)`;
}

const ACCRUE_PERIOD_BATCH_SQL = `
INSERT INTO ledger_entry
  (account_id, kind, amount_kopecks, period_month, service_id, tariff_id, area_centi_sqm, effective_at, memo)
SELECT a.id, 'ACCRUAL', x.amount, $1::date, r.service_id, r.tariff_id, a.area_centi_sqm,
       (($1::date + interval '1 month')::timestamp AT TIME ZONE 'Europe/Kyiv'), NULL
  FROM account a
  JOIN building b ON b.id = a.building_id
  JOIN LATERAL (
    SELECT DISTINCT ON (t.service_id) t.service_id, t.id AS tariff_id, t.rate_kopecks_per_sqm AS rate
      FROM tariff t
     WHERE t.category_id = b.category_id AND t.effective_from <= $1::date
     ORDER BY t.service_id, t.effective_from DESC
  ) r ON true
  CROSS JOIN LATERAL (SELECT ${accrualAmountSql('a.area_centi_sqm', 'r.rate')}::int AS amount) x
 WHERE a.id > $2::int AND a.id <= $3::int
   AND a.status = 'ACTIVE'
   AND a.opened_on < ($1::date + interval '1 month')
   AND x.amount > 0
`;

export function accruePeriodBatchSql(options: { resuming: boolean }): string {
  return options.resuming
    ? `${ACCRUE_PERIOD_BATCH_SQL}ON CONFLICT (account_id, period_month, service_id) WHERE kind = 'ACCRUAL' DO NOTHING\n`
    : ACCRUE_PERIOD_BATCH_SQL;
}
