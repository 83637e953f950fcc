-- CreateEnum
CREATE TYPE "sms_reminder_status" AS ENUM ('PLANNED', 'SENDING', 'SENT', 'FAILED', 'SKIPPED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "sms_kind" ADD VALUE 'PAYMENT_CONFIRMATION';
ALTER TYPE "sms_kind" ADD VALUE 'OPT_OUT_CONFIRMATION';

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "sms_phone_e164" TEXT;

-- AlterTable
ALTER TABLE "phone" ADD COLUMN     "sms_failed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "sms_message" ADD COLUMN     "dedupe_key" TEXT,
ADD COLUMN     "segments" INTEGER;

-- CreateTable
CREATE TABLE "sms_reminder" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "week_start" DATE NOT NULL,
    "status" "sms_reminder_status" NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,
    "overdue_months" INTEGER NOT NULL,
    "run_id" INTEGER,
    "sms_message_id" INTEGER,
    "skip_reason" TEXT,
    "planned_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "sms_reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_run" (
    "id" SERIAL NOT NULL,
    "worker" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "within_window" BOOLEAN NOT NULL,
    "due" INTEGER NOT NULL DEFAULT 0,
    "planned" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB,

    CONSTRAINT "reminder_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sms_reminder_sms_message_id_key" ON "sms_reminder"("sms_message_id");

-- CreateIndex
CREATE INDEX "sms_reminder_account_id_sent_at_idx" ON "sms_reminder"("account_id", "sent_at");

-- CreateIndex
CREATE INDEX "sms_reminder_status_id_idx" ON "sms_reminder"("status", "id");

-- CreateIndex
CREATE INDEX "reminder_run_started_at_idx" ON "reminder_run"("started_at");

-- CreateIndex
CREATE INDEX "account_sms_phone_e164_idx" ON "account"("sms_phone_e164");

-- CreateIndex
CREATE INDEX "sms_message_created_at_idx" ON "sms_message"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "sms_message_dedupe_key_key" ON "sms_message"("dedupe_key");

-- AddForeignKey
ALTER TABLE "sms_reminder" ADD CONSTRAINT "sms_reminder_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sms_reminder" ADD CONSTRAINT "sms_reminder_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reminder_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sms_reminder" ADD CONSTRAINT "sms_reminder_sms_message_id_fkey" FOREIGN KEY ("sms_message_id") REFERENCES "sms_message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ── Hand-written rules the schema cannot express ──

-- At most one live reminder per account and Kyiv week. Reminders are sent only on working days
-- 09:00–20:00, so two workers running at once are always in the same week: with the 7-day rule
-- checked when planning, no account ever gets two reminders within 7 days. SKIPPED rows (never
-- sent) do not count.
CREATE UNIQUE INDEX "sms_reminder_account_week_live_key" ON "sms_reminder"("account_id", "week_start") WHERE (status <> 'SKIPPED');

-- week_start is a Monday.
ALTER TABLE "sms_reminder" ADD CONSTRAINT "sms_reminder_week_start_monday"
  CHECK (extract(isodow FROM "week_start") = 1);
ALTER TABLE "sms_reminder" ADD CONSTRAINT "sms_reminder_amount_positive" CHECK ("amount_kopecks" > 0);
-- A sent reminder names its message.
ALTER TABLE "sms_reminder" ADD CONSTRAINT "sms_reminder_sent_has_message"
  CHECK ("status" <> 'SENT' OR ("sms_message_id" IS NOT NULL AND "sent_at" IS NOT NULL));

-- Who chose SMS has a verified number to send to.
ALTER TABLE "account" ADD CONSTRAINT "account_sms_needs_phone"
  CHECK ("contact_preference" <> 'SMS' OR "sms_phone_e164" IS NOT NULL);
ALTER TABLE "account" ADD CONSTRAINT "account_sms_phone_e164"
  CHECK ("sms_phone_e164" IS NULL OR "sms_phone_e164" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_segments_positive"
  CHECK ("segments" IS NULL OR "segments" > 0);
