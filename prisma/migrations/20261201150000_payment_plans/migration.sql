-- Payment plans (issue 11): an agreement to pay the overdue debt in 3–12 monthly instalments.
-- While a plan is ACTIVE and in good standing the call-list rule gives PAYMENT_PLAN.
ALTER TYPE "call_list_reason" ADD VALUE 'PAYMENT_PLAN';

CREATE TYPE "payment_plan_status" AS ENUM ('PENDING', 'ACTIVE', 'COMPLETED', 'BROKEN', 'CANCELLED', 'DECLINED');

CREATE TABLE "payment_plan" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "status" "payment_plan_status" NOT NULL,
    "total_kopecks" INTEGER NOT NULL,
    "instalment_count" SMALLINT NOT NULL,
    "credits_base_kopecks" BIGINT NOT NULL,
    "locale" "locale" NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "review_reason" TEXT,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,

    CONSTRAINT "payment_plan_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payment_plan_total_positive" CHECK ("total_kopecks" > 0),
    CONSTRAINT "payment_plan_instalment_count_range" CHECK ("instalment_count" BETWEEN 1 AND 24),
    CONSTRAINT "payment_plan_started_when_active" CHECK ("status" = 'PENDING' OR "status" = 'DECLINED' OR "started_at" IS NOT NULL),
    CONSTRAINT "payment_plan_live_not_ended" CHECK (("status" IN ('PENDING', 'ACTIVE')) = ("ended_at" IS NULL))
);

CREATE TABLE "payment_plan_instalment" (
    "plan_id" INTEGER NOT NULL,
    "seq" SMALLINT NOT NULL,
    "due_date" DATE NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,

    CONSTRAINT "payment_plan_instalment_pkey" PRIMARY KEY ("plan_id","seq"),
    CONSTRAINT "payment_plan_instalment_amount_positive" CHECK ("amount_kopecks" > 0)
);

-- One live plan per account; live (PENDING, ACTIVE) is exactly "not ended".
CREATE UNIQUE INDEX "payment_plan_one_live_key" ON "payment_plan"("account_id") WHERE ended_at IS NULL;
CREATE INDEX "payment_plan_account_id_requested_at_idx" ON "payment_plan"("account_id", "requested_at");
CREATE INDEX "payment_plan_status_idx" ON "payment_plan"("status");

ALTER TABLE "payment_plan" ADD CONSTRAINT "payment_plan_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payment_plan" ADD CONSTRAINT "payment_plan_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "payment_plan_instalment" ADD CONSTRAINT "payment_plan_instalment_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "payment_plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The SMS a broken plan sends, and instalment reminders in the reminder runs.
ALTER TYPE "sms_kind" ADD VALUE 'PAYMENT_PLAN';
ALTER TABLE "sms_reminder" ADD COLUMN "instalment_due_date" DATE;
