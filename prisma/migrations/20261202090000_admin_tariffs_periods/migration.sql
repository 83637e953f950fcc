-- Issue 10: tariffs scheduled from the console, and the period close run as a job with progress.

-- The close's progress (accounts done of the total, by account id) and its report (the call
-- list's change), kept on the period row the close already updates.
ALTER TABLE "billing_period" ADD COLUMN "accounts_total" INTEGER;
ALTER TABLE "billing_period" ADD COLUMN "last_account_id" INTEGER;
ALTER TABLE "billing_period" ADD COLUMN "close_requested_at" TIMESTAMPTZ(3);
ALTER TABLE "billing_period" ADD COLUMN "close_requested_by_id" INTEGER;
ALTER TABLE "billing_period" ADD COLUMN "close_error" TEXT;
ALTER TABLE "billing_period" ADD COLUMN "call_list_before" INTEGER;
ALTER TABLE "billing_period" ADD COLUMN "call_list_added" INTEGER;
ALTER TABLE "billing_period" ADD COLUMN "call_list_removed" INTEGER;
ALTER TABLE "billing_period" ADD COLUMN "call_list_on_list" INTEGER;
ALTER TABLE "billing_period" ADD CONSTRAINT "billing_period_close_requested_by_id_fkey"
  FOREIGN KEY ("close_requested_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- What a close accrued per service: each batch adds its lines in its own transaction, like the
-- period's totals, so the report is exact across a crash and a resume.
CREATE TABLE "billing_period_service_total" (
    "month" DATE NOT NULL,
    "service_id" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL DEFAULT 0,
    "total_kopecks" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "billing_period_service_total_pkey" PRIMARY KEY ("month","service_id")
);
ALTER TABLE "billing_period_service_total" ADD CONSTRAINT "billing_period_service_total_month_fkey"
  FOREIGN KEY ("month") REFERENCES "billing_period"("month") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "billing_period_service_total" ADD CONSTRAINT "billing_period_service_total_service_id_fkey"
  FOREIGN KEY ("service_id") REFERENCES "service_component"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Periods closed before this migration: their lines per service, from the ledger (one pass).
INSERT INTO "billing_period_service_total" ("month", "service_id", "lines", "total_kopecks")
SELECT l."period_month", l."service_id", count(*)::int, sum(l."amount_kopecks")::bigint
  FROM "ledger_entry" l
  JOIN "billing_period" bp ON bp."month" = l."period_month"
 WHERE l."kind" = 'ACCRUAL'
 GROUP BY l."period_month", l."service_id";

-- A rate that a closed (or closing) period used is history: the database refuses to change or
-- delete a tariff from a month that is closed or being closed, and to move a rate into such a
-- month. (Adding a rate is the console's to check, lib/domain/tariffs: records of a category's
-- history may be loaded.) Tariff writes and the close's claim of a month take the same advisory
-- lock (kvp_tariff_guard, closeBillingPeriod), so a rate cannot change between a month's claim
-- and its batches. The trigger's name sorts after tariff_refuse_ledger_referenced: a tariff that
-- ledger lines name is refused as a foreign key first (23503), as before.
CREATE FUNCTION "kvp_tariff_frozen_through"() RETURNS DATE
LANGUAGE sql STABLE AS $$
  SELECT max("month") FROM "billing_period" WHERE "status" IN ('CLOSED', 'CLOSING')
$$;

CREATE FUNCTION "kvp_tariff_guard"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  frozen DATE;
BEGIN
  PERFORM pg_advisory_xact_lock(740311002);
  frozen := "kvp_tariff_frozen_through"();
  IF frozen IS NOT NULL THEN
    IF OLD."effective_from" <= frozen THEN
      RAISE EXCEPTION 'tariff % (from %) was used by a closed billing period and cannot be changed',
        OLD."id", OLD."effective_from"
        USING ERRCODE = 'check_violation', CONSTRAINT = 'tariff_used_by_closed_period';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW."effective_from" <= frozen THEN
      RAISE EXCEPTION 'a tariff cannot be moved to %: periods up to % are closed',
        NEW."effective_from", frozen
        USING ERRCODE = 'check_violation', CONSTRAINT = 'tariff_used_by_closed_period';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "tariff_used_by_closed_period"
  BEFORE UPDATE OR DELETE ON "tariff"
  FOR EACH ROW EXECUTE FUNCTION "kvp_tariff_guard"();
