-- The collections dashboard (issue 10, part 5; docs/dashboard.md): one pre-aggregated row per
-- Kyiv day, written by lib/domain/dashboard (the refresh job every 10 minutes, the nightly
-- recompute of recent days from the ledger, the seed's backfill), read by the dashboard page.
CREATE TABLE "collections_day" (
    "day" DATE NOT NULL,
    "debtors" INTEGER,
    "debtors_long" INTEGER,
    "long_months" SMALLINT,
    "overdue_kopecks" BIGINT,
    "debtors_source" TEXT,
    "on_call_list" INTEGER,
    "call_list_added" INTEGER NOT NULL DEFAULT 0,
    "removed_paid" INTEGER NOT NULL DEFAULT 0,
    "removed_below_threshold" INTEGER NOT NULL DEFAULT 0,
    "removed_sms_opt_in" INTEGER NOT NULL DEFAULT 0,
    "removed_dispute_open" INTEGER NOT NULL DEFAULT 0,
    "removed_payment_plan" INTEGER NOT NULL DEFAULT 0,
    "removed_other" INTEGER NOT NULL DEFAULT 0,
    "sms_opt_ins" INTEGER NOT NULL DEFAULT 0,
    "sms_opt_outs" INTEGER NOT NULL DEFAULT 0,
    "sms_accounts" INTEGER NOT NULL DEFAULT 0,
    "payments_online" INTEGER NOT NULL DEFAULT 0,
    "payments_online_kopecks" BIGINT NOT NULL DEFAULT 0,
    "payments_bank" INTEGER NOT NULL DEFAULT 0,
    "payments_bank_kopecks" BIGINT NOT NULL DEFAULT 0,
    "disputes_opened" INTEGER NOT NULL DEFAULT 0,
    "disputes_resolved" INTEGER NOT NULL DEFAULT 0,
    "disputes_open" INTEGER NOT NULL DEFAULT 0,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collections_day_pkey" PRIMARY KEY ("day"),
    CONSTRAINT "collections_day_debtors_source" CHECK ("debtors_source" IN ('LEDGER', 'LIVE')),
    CONSTRAINT "collections_day_debtors_together" CHECK (
      ("debtors" IS NULL) = ("debtors_long" IS NULL)
      AND ("debtors" IS NULL) = ("long_months" IS NULL)
      AND ("debtors" IS NULL) = ("overdue_kopecks" IS NULL)
      AND ("debtors" IS NULL) = ("debtors_source" IS NULL)),
    CONSTRAINT "collections_day_debtors_long_within" CHECK ("debtors_long" <= "debtors")
);

-- The refresh job counts today's and yesterday's payments and call-list events by time.
CREATE INDEX "payment_succeeded_at_idx" ON "payment"("succeeded_at");
CREATE INDEX "call_list_event_created_at_idx" ON "call_list_event"("created_at");
