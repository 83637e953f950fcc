-- Staff console: staff sessions and second factor, dispute assignment and due dates, four-eyes
-- adjustment requests, review of unmatched payment events, and the search indexes.

-- Trigram indexes for staff search (available in PostgreSQL and in PGlite).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "webhook_review" AS ENUM ('ATTACHED', 'REFUND');

-- CreateEnum
CREATE TYPE "staff_sign_in_stage" AS ENUM ('SIGN_IN', 'TOTP', 'ENROL');

-- CreateEnum
CREATE TYPE "adjustment_request_status" AS ENUM ('PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN');

-- DropIndex
DROP INDEX "account_building_id_idx";

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "holder_name_folded" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "building" ADD COLUMN     "street_folded" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "dispute" ADD COLUMN     "assigned_to_id" INTEGER,
ADD COLUMN     "due_on" DATE;

-- AlterTable
ALTER TABLE "staff_user" ADD COLUMN     "totp_enrolled_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_last_step" BIGINT,
ADD COLUMN     "totp_secret" TEXT;

-- AlterTable
ALTER TABLE "webhook_event" ADD COLUMN     "attached_account_id" INTEGER,
ADD COLUMN     "review" "webhook_review",
ADD COLUMN     "review_note" TEXT,
ADD COLUMN     "reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reviewed_by_id" INTEGER;

-- CreateTable
CREATE TABLE "staff_session" (
    "id" TEXT NOT NULL,
    "staff_user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sign_in_attempt" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "client_key" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_sign_in_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sign_in_ticket" (
    "id" SERIAL NOT NULL,
    "token_hash" TEXT NOT NULL,
    "staff_user_id" INTEGER NOT NULL,
    "stage" "staff_sign_in_stage" NOT NULL,
    "pending_totp_secret" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_sign_in_ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "adjustment_request" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "dispute_id" INTEGER,
    "amount_kopecks" INTEGER NOT NULL,
    "period_month" DATE,
    "memo" TEXT NOT NULL,
    "resident_note" TEXT,
    "status" "adjustment_request_status" NOT NULL DEFAULT 'PENDING',
    "requested_by_id" INTEGER NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "ledger_entry_id" BIGINT,

    CONSTRAINT "adjustment_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "staff_session_staff_user_id_idx" ON "staff_session"("staff_user_id");

-- CreateIndex
CREATE INDEX "staff_sign_in_attempt_email_created_at_idx" ON "staff_sign_in_attempt"("email", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "staff_sign_in_ticket_token_hash_key" ON "staff_sign_in_ticket"("token_hash");

-- CreateIndex
CREATE INDEX "staff_sign_in_ticket_staff_user_id_idx" ON "staff_sign_in_ticket"("staff_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "adjustment_request_ledger_entry_id_key" ON "adjustment_request"("ledger_entry_id");

-- CreateIndex
CREATE INDEX "adjustment_request_status_requested_at_idx" ON "adjustment_request"("status", "requested_at");

-- CreateIndex
CREATE INDEX "adjustment_request_account_id_idx" ON "adjustment_request"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "adjustment_request_one_pending_per_dispute_key" ON "adjustment_request"("dispute_id") WHERE (status = 'PENDING');

-- CreateIndex
CREATE INDEX "account_building_id_apartment_idx" ON "account"("building_id", "apartment");

-- CreateIndex
CREATE INDEX "audit_log_created_at_idx" ON "audit_log"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "dispute_one_open_per_account_key" ON "dispute"("account_id") WHERE (status <> 'RESOLVED');

-- AddForeignKey
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_attached_account_id_fkey" FOREIGN KEY ("attached_account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_assigned_to_id_fkey" FOREIGN KEY ("assigned_to_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_sign_in_ticket" ADD CONSTRAINT "staff_sign_in_ticket_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjustment_request" ADD CONSTRAINT "adjustment_request_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjustment_request" ADD CONSTRAINT "adjustment_request_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjustment_request" ADD CONSTRAINT "adjustment_request_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjustment_request" ADD CONSTRAINT "adjustment_request_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: search folding, its triggers and backfill, then the trigram indexes.

-- Names and streets as staff type them: any case, Ukrainian or Russian spelling. The vowels
-- the two spellings disagree on (і/и/ы/ї/й/е/є/э/ё, о/а as in Олександр/Александр) fold to one
-- letter, ґ to г, and soft/hard signs and apostrophes drop out. Search folds the query with
-- this same function, so the rule has one home.
CREATE FUNCTION kvp_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT translate(lower(value), 'ёєэеіїыйґоьъ''’ʼ', 'иииииииига') $$;

CREATE FUNCTION account_fold_holder_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.holder_name_folded := kvp_fold(NEW.holder_name);
  RETURN NEW;
END $$;
CREATE TRIGGER "account_holder_name_folded" BEFORE INSERT OR UPDATE OF "holder_name", "holder_name_folded"
  ON "account" FOR EACH ROW EXECUTE FUNCTION account_fold_holder_name();

CREATE FUNCTION building_fold_street() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.street_folded := kvp_fold(NEW.street);
  RETURN NEW;
END $$;
CREATE TRIGGER "building_street_folded" BEFORE INSERT OR UPDATE OF "street", "street_folded"
  ON "building" FOR EACH ROW EXECUTE FUNCTION building_fold_street();

UPDATE "building" SET "street_folded" = kvp_fold("street");
UPDATE "account" SET "holder_name_folded" = kvp_fold("holder_name");

CREATE INDEX "account_holder_name_folded_trgm_idx" ON "account" USING GIN ("holder_name_folded" gin_trgm_ops);
CREATE INDEX "building_street_folded_trgm_idx" ON "building" USING GIN ("street_folded" gin_trgm_ops);

-- Disputes opened before due dates existed: three calendar weeks (15 working days).
UPDATE "dispute" SET "due_on" = ("created_at" AT TIME ZONE 'Europe/Kyiv')::date + 21 WHERE "due_on" IS NULL;

-- The review of an unmatched event is decided once.
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_review_complete" CHECK (
  ("review" IS NULL AND "reviewed_at" IS NULL AND "reviewed_by_id" IS NULL)
  OR ("review" IS NOT NULL AND "reviewed_at" IS NOT NULL AND "review_note" IS NOT NULL));
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_attached_has_account" CHECK (
  ("review" = 'ATTACHED') = ("attached_account_id" IS NOT NULL) OR "review" IS NULL);

-- A pending adjustment request is decided by someone other than its requester.
ALTER TABLE "adjustment_request" ADD CONSTRAINT "adjustment_request_four_eyes" CHECK (
  "status" <> 'APPROVED' OR ("decided_by_id" IS NOT NULL AND "decided_by_id" <> "requested_by_id"));
ALTER TABLE "adjustment_request" ADD CONSTRAINT "adjustment_request_amount_nonzero" CHECK ("amount_kopecks" <> 0);
