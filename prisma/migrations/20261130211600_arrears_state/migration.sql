-- CreateTable
CREATE TABLE "account_month_debit" (
    "account_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "debit_kopecks" BIGINT NOT NULL,

    CONSTRAINT "account_month_debit_pkey" PRIMARY KEY ("account_id","month")
);

-- AddForeignKey
ALTER TABLE "account_month_debit" ADD CONSTRAINT "account_month_debit_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: the month a ledger entry is a debit of (DESIGN rule 2), the trigger that keeps
-- account_month_debit in the same statement as every ledger insert, and the backfill.

-- The one statement of "which month is this entry a debit of": accruals by their period, a
-- correction posted to a month by that month (either sign), any other charging adjustment by
-- the Kyiv month it was posted in; NULL for credits (payments, other credit adjustments,
-- reversals). debits-by-month-sql.ts uses it for the ledger view, the trigger for the state.
CREATE FUNCTION kvp_debit_month(kind ledger_entry_kind, period_month date, effective_at timestamptz, amount integer)
  RETURNS date LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
      WHEN kind = 'ACCRUAL' THEN period_month
      WHEN kind = 'ADJUSTMENT' AND period_month IS NOT NULL THEN period_month
      WHEN kind = 'ADJUSTMENT' AND amount > 0
        THEN date_trunc('month', effective_at AT TIME ZONE 'Europe/Kyiv')::date
    END
  $$;

-- One set-based upsert per INSERT statement (a period close's bulk accrual is one statement).
CREATE FUNCTION ledger_entry_apply_month_debits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_month_debit (account_id, month, debit_kopecks)
  SELECT d.account_id, d.month, sum(d.amount)
    FROM (SELECT account_id,
                 kvp_debit_month(kind, period_month, effective_at, amount_kopecks) AS month,
                 amount_kopecks::bigint AS amount
            FROM new_entries) d
   WHERE d.month IS NOT NULL
   GROUP BY d.account_id, d.month
  ON CONFLICT (account_id, month)
  DO UPDATE SET debit_kopecks = account_month_debit.debit_kopecks + EXCLUDED.debit_kopecks;
  RETURN NULL;
END
$$;
CREATE TRIGGER "ledger_entry_month_debits" AFTER INSERT ON "ledger_entry"
  REFERENCING NEW TABLE AS "new_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_apply_month_debits();

-- Existing databases: the state from the whole ledger, in bulk.
INSERT INTO account_month_debit (account_id, month, debit_kopecks)
SELECT account_id, month, sum(amount_kopecks)::bigint
  FROM (SELECT account_id, kvp_debit_month(kind, period_month, effective_at, amount_kopecks) AS month,
               amount_kopecks
          FROM ledger_entry) l
 WHERE month IS NOT NULL
 GROUP BY account_id, month;
