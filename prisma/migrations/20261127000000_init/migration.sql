-- CreateEnum
CREATE TYPE "locale" AS ENUM ('uk', 'ru', 'en');

-- CreateEnum
CREATE TYPE "contact_preference" AS ENUM ('CALLS', 'SMS');

-- CreateEnum
CREATE TYPE "account_status" AS ENUM ('ACTIVE', 'CLOSED');

-- CreateEnum
CREATE TYPE "phone_kind" AS ENUM ('MOBILE', 'LANDLINE');

-- CreateEnum
CREATE TYPE "consent_channel" AS ENUM ('SMS_REMINDERS');

-- CreateEnum
CREATE TYPE "consent_action" AS ENUM ('OPT_IN', 'OPT_OUT');

-- CreateEnum
CREATE TYPE "consent_source" AS ENUM ('WEB', 'SMS_REPLY', 'STAFF', 'IMPORT');

-- CreateEnum
CREATE TYPE "one_time_code_purpose" AS ENUM ('SIGN_IN', 'SMS_OPT_IN');

-- CreateEnum
CREATE TYPE "sign_in_method" AS ENUM ('BILL_CODE', 'SMS_CODE');

-- CreateEnum
CREATE TYPE "billing_period_status" AS ENUM ('OPEN', 'CLOSING', 'CLOSED');

-- CreateEnum
CREATE TYPE "ledger_entry_kind" AS ENUM ('ACCRUAL', 'PAYMENT', 'ADJUSTMENT', 'REVERSAL');

-- CreateEnum
CREATE TYPE "payment_provider" AS ENUM ('STRIPE', 'DEMO', 'BANK_IMPORT');

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "webhook_outcome" AS ENUM ('PROCESSED', 'IGNORED', 'NEEDS_REVIEW');

-- CreateEnum
CREATE TYPE "call_list_reason" AS ENUM ('OVERDUE', 'PAID', 'BELOW_THRESHOLD', 'SMS_OPT_IN', 'DISPUTE_OPEN', 'NO_PHONE', 'DO_NOT_CALL', 'ACCOUNT_CLOSED');

-- CreateEnum
CREATE TYPE "call_list_action" AS ENUM ('ADDED', 'REMOVED');

-- CreateEnum
CREATE TYPE "sms_kind" AS ENUM ('REMINDER', 'ONE_TIME_CODE');

-- CreateEnum
CREATE TYPE "sms_status" AS ENUM ('QUEUED', 'SENT', 'DELIVERED', 'FAILED', 'UNDELIVERED');

-- CreateEnum
CREATE TYPE "dispute_category" AS ENUM ('WRONG_AREA', 'WRONG_TARIFF', 'PAYMENT_NOT_RECEIVED', 'SERVICE_NOT_PROVIDED', 'OTHER');

-- CreateEnum
CREATE TYPE "dispute_status" AS ENUM ('OPEN', 'IN_REVIEW', 'RESOLVED');

-- CreateEnum
CREATE TYPE "dispute_resolution" AS ENUM ('ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "author_kind" AS ENUM ('RESIDENT', 'STAFF');

-- CreateEnum
CREATE TYPE "staff_role" AS ENUM ('SUPPORT', 'SUPERVISOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "actor_kind" AS ENUM ('STAFF', 'RESIDENT', 'SYSTEM', 'DIALER');

-- CreateTable
CREATE TABLE "district" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "district_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tariff_category" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name_uk" TEXT NOT NULL,
    "name_ru" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "has_lift" BOOLEAN NOT NULL,

    CONSTRAINT "tariff_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_component" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name_uk" TEXT NOT NULL,
    "name_ru" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "sort_order" INTEGER NOT NULL,

    CONSTRAINT "service_component_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tariff" (
    "id" SERIAL NOT NULL,
    "category_id" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL,
    "rate_kopecks_per_sqm" INTEGER NOT NULL,
    "effective_from" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" INTEGER,

    CONSTRAINT "tariff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "building" (
    "id" SERIAL NOT NULL,
    "district_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "street" TEXT NOT NULL,
    "house_number" TEXT NOT NULL,
    "floors" INTEGER NOT NULL,

    CONSTRAINT "building_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "building_id" INTEGER NOT NULL,
    "apartment" TEXT NOT NULL,
    "holder_name" TEXT NOT NULL,
    "area_centi_sqm" INTEGER NOT NULL,
    "status" "account_status" NOT NULL DEFAULT 'ACTIVE',
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "preferred_locale" "locale" NOT NULL DEFAULT 'uk',
    "contact_preference" "contact_preference" NOT NULL DEFAULT 'CALLS',
    "do_not_call" BOOLEAN NOT NULL DEFAULT false,
    "bill_access_code_hash" TEXT NOT NULL,
    "balance_kopecks" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phone" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "e164" TEXT NOT NULL,
    "kind" "phone_kind" NOT NULL,
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "callable" BOOLEAN NOT NULL DEFAULT true,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_record" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "channel" "consent_channel" NOT NULL,
    "action" "consent_action" NOT NULL,
    "source" "consent_source" NOT NULL,
    "staff_user_id" INTEGER,
    "evidence" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "one_time_code" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "purpose" "one_time_code_purpose" NOT NULL,
    "code_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "one_time_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_attempt" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "method" "sign_in_method" NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "client_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_counter" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_counter_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "billing_period" (
    "month" DATE NOT NULL,
    "status" "billing_period_status" NOT NULL DEFAULT 'OPEN',
    "accrued_through_account_id" INTEGER,
    "started_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_by_id" INTEGER,
    "accounts_accrued" INTEGER NOT NULL DEFAULT 0,
    "total_accrued_kopecks" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "billing_period_pkey" PRIMARY KEY ("month")
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "id" BIGSERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "kind" "ledger_entry_kind" NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,
    "period_month" DATE,
    "service_id" INTEGER,
    "tariff_id" INTEGER,
    "area_centi_sqm" INTEGER,
    "payment_id" INTEGER,
    "reverses_entry_id" BIGINT,
    "dispute_id" INTEGER,
    "staff_user_id" INTEGER,
    "memo" TEXT,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment" (
    "id" SERIAL NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "provider_payment_id" TEXT NOT NULL,
    "checkout_session_id" TEXT,
    "receipt_number" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,
    "refunded_kopecks" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'UAH',
    "status" "payment_status" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeeded_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" SERIAL NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" "webhook_outcome" NOT NULL,
    "detail" JSONB,
    "payment_id" INTEGER,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_list_entry" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "overdue_kopecks" INTEGER NOT NULL,
    "overdue_months" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMPTZ(3),
    "removal_reason" "call_list_reason",

    CONSTRAINT "call_list_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_list_event" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "action" "call_list_action" NOT NULL,
    "reason" "call_list_reason" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_list_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sms_message" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "phone_e164" TEXT NOT NULL,
    "kind" "sms_kind" NOT NULL,
    "body" TEXT NOT NULL,
    "status" "sms_status" NOT NULL,
    "provider_message_id" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "sms_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "opened_by" "author_kind" NOT NULL,
    "opened_by_staff_id" INTEGER,
    "category" "dispute_category" NOT NULL,
    "period_month" DATE,
    "payment_id" INTEGER,
    "description" TEXT NOT NULL,
    "status" "dispute_status" NOT NULL DEFAULT 'OPEN',
    "resolution" "dispute_resolution",
    "resolution_note" TEXT,
    "resolved_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispute_message" (
    "id" SERIAL NOT NULL,
    "dispute_id" INTEGER NOT NULL,
    "author_kind" "author_kind" NOT NULL,
    "staff_user_id" INTEGER,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dispute_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "staff_role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3),

    CONSTRAINT "staff_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dialer_api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "dialer_api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor_kind" "actor_kind" NOT NULL,
    "staff_user_id" INTEGER,
    "action" TEXT NOT NULL,
    "account_id" INTEGER,
    "target_type" TEXT,
    "target_id" TEXT,
    "detail" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "district_name_key" ON "district"("name");

-- CreateIndex
CREATE UNIQUE INDEX "tariff_category_code_key" ON "tariff_category"("code");

-- CreateIndex
CREATE UNIQUE INDEX "service_component_code_key" ON "service_component"("code");

-- CreateIndex
CREATE UNIQUE INDEX "tariff_category_id_service_id_effective_from_key" ON "tariff"("category_id", "service_id", "effective_from");

-- CreateIndex
CREATE INDEX "building_category_id_idx" ON "building"("category_id");

-- CreateIndex
CREATE UNIQUE INDEX "building_street_house_number_key" ON "building"("street", "house_number");

-- CreateIndex
CREATE UNIQUE INDEX "account_number_key" ON "account"("number");

-- CreateIndex
CREATE INDEX "account_building_id_idx" ON "account"("building_id");

-- CreateIndex
CREATE INDEX "phone_e164_idx" ON "phone"("e164");

-- CreateIndex
CREATE UNIQUE INDEX "phone_account_id_e164_key" ON "phone"("account_id", "e164");

-- CreateIndex
CREATE INDEX "consent_record_account_id_created_at_idx" ON "consent_record"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "one_time_code_account_id_purpose_created_at_idx" ON "one_time_code"("account_id", "purpose", "created_at");

-- CreateIndex
CREATE INDEX "sign_in_attempt_account_id_created_at_idx" ON "sign_in_attempt"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "rate_limit_counter_expires_at_idx" ON "rate_limit_counter"("expires_at");

-- CreateIndex
CREATE INDEX "ledger_entry_non_accrual_idx" ON "ledger_entry"("account_id", "effective_at") WHERE (kind <> 'ACCRUAL');

-- CreateIndex
CREATE INDEX "ledger_entry_payment_id_idx" ON "ledger_entry"("payment_id") WHERE (payment_id IS NOT NULL);

-- CreateIndex
CREATE INDEX "ledger_entry_reverses_entry_id_idx" ON "ledger_entry"("reverses_entry_id") WHERE (reverses_entry_id IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entry_one_accrual_key" ON "ledger_entry"("account_id", "period_month", "service_id") WHERE (kind = 'ACCRUAL');

-- CreateIndex
CREATE UNIQUE INDEX "payment_checkout_session_id_key" ON "payment"("checkout_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_receipt_number_key" ON "payment"("receipt_number");

-- CreateIndex
CREATE INDEX "payment_account_id_created_at_idx" ON "payment"("account_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_provider_provider_payment_id_key" ON "payment"("provider", "provider_payment_id");

-- CreateIndex
CREATE INDEX "webhook_event_outcome_received_at_idx" ON "webhook_event"("outcome", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_event_provider_event_id_key" ON "webhook_event"("provider", "event_id");

-- CreateIndex
CREATE INDEX "call_list_entry_account_id_added_at_idx" ON "call_list_entry"("account_id", "added_at");

-- CreateIndex
CREATE UNIQUE INDEX "call_list_entry_one_open_key" ON "call_list_entry"("account_id") WHERE (removed_at IS NULL);

-- CreateIndex
CREATE INDEX "call_list_event_account_id_idx" ON "call_list_event"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "sms_message_provider_message_id_key" ON "sms_message"("provider_message_id");

-- CreateIndex
CREATE INDEX "sms_message_account_id_kind_created_at_idx" ON "sms_message"("account_id", "kind", "created_at");

-- CreateIndex
CREATE INDEX "dispute_account_id_status_idx" ON "dispute"("account_id", "status");

-- CreateIndex
CREATE INDEX "dispute_status_created_at_idx" ON "dispute"("status", "created_at");

-- CreateIndex
CREATE INDEX "dispute_message_dispute_id_created_at_idx" ON "dispute_message"("dispute_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "staff_user_email_key" ON "staff_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "dialer_api_key_prefix_key" ON "dialer_api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "dialer_api_key_key_hash_key" ON "dialer_api_key"("key_hash");

-- CreateIndex
CREATE INDEX "audit_log_account_id_created_at_idx" ON "audit_log"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_staff_user_id_created_at_idx" ON "audit_log"("staff_user_id", "created_at");

-- AddForeignKey
ALTER TABLE "tariff" ADD CONSTRAINT "tariff_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "tariff_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariff" ADD CONSTRAINT "tariff_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service_component"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tariff" ADD CONSTRAINT "tariff_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "building" ADD CONSTRAINT "building_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "building" ADD CONSTRAINT "building_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "tariff_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_building_id_fkey" FOREIGN KEY ("building_id") REFERENCES "building"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone" ADD CONSTRAINT "phone_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "one_time_code" ADD CONSTRAINT "one_time_code_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sign_in_attempt" ADD CONSTRAINT "sign_in_attempt_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_period" ADD CONSTRAINT "billing_period_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_period_month_fkey" FOREIGN KEY ("period_month") REFERENCES "billing_period"("month") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service_component"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_tariff_id_fkey" FOREIGN KEY ("tariff_id") REFERENCES "tariff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_reverses_entry_id_fkey" FOREIGN KEY ("reverses_entry_id") REFERENCES "ledger_entry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_list_entry" ADD CONSTRAINT "call_list_entry_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_list_event" ADD CONSTRAINT "call_list_event_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "call_list_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_list_event" ADD CONSTRAINT "call_list_event_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_opened_by_staff_id_fkey" FOREIGN KEY ("opened_by_staff_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_message" ADD CONSTRAINT "dispute_message_dispute_id_fkey" FOREIGN KEY ("dispute_id") REFERENCES "dispute"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute_message" ADD CONSTRAINT "dispute_message_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dialer_api_key" ADD CONSTRAINT "dialer_api_key_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_staff_user_id_fkey" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- =============================================================================================
-- Rules the schema language cannot express. Hand-written; the schema engine does not track
-- these objects, so they never appear as drift. See docs/data-model.md.
-- =============================================================================================

-- Quantities and identifiers
ALTER TABLE "tariff" ADD CONSTRAINT "tariff_rate_non_negative" CHECK ("rate_kopecks_per_sqm" >= 0);
ALTER TABLE "tariff" ADD CONSTRAINT "tariff_effective_from_month_start"
  CHECK ("effective_from" = date_trunc('month', "effective_from")::date);
ALTER TABLE "building" ADD CONSTRAINT "building_floors_positive" CHECK ("floors" BETWEEN 1 AND 60);
ALTER TABLE "account" ADD CONSTRAINT "account_number_digits" CHECK ("number" ~ '^[0-9]{6,20}$');
ALTER TABLE "account" ADD CONSTRAINT "account_area_range" CHECK ("area_centi_sqm" BETWEEN 1 AND 10000000);
ALTER TABLE "account" ADD CONSTRAINT "account_closed_consistent"
  CHECK (("status" = 'CLOSED') = ("closed_on" IS NOT NULL));
ALTER TABLE "phone" ADD CONSTRAINT "phone_e164_format" CHECK ("e164" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_e164_format" CHECK ("phone_e164" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "one_time_code" ADD CONSTRAINT "one_time_code_attempts_non_negative" CHECK ("attempts" >= 0);
ALTER TABLE "rate_limit_counter" ADD CONSTRAINT "rate_limit_counter_positive" CHECK ("count" > 0);

-- Billing periods are calendar months identified by their first day
ALTER TABLE "billing_period" ADD CONSTRAINT "billing_period_month_start"
  CHECK ("month" = date_trunc('month', "month")::date);
ALTER TABLE "billing_period" ADD CONSTRAINT "billing_period_closed_consistent"
  CHECK (("status" = 'CLOSED') = ("closed_at" IS NOT NULL));

-- Ledger entry shapes: debits positive, credits negative, never zero
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_amount_non_zero" CHECK ("amount_kopecks" <> 0);
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_accrual_shape" CHECK (
  "kind" <> 'ACCRUAL' OR ("period_month" IS NOT NULL AND "service_id" IS NOT NULL
    AND "tariff_id" IS NOT NULL AND "area_centi_sqm" IS NOT NULL AND "amount_kopecks" > 0));
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_payment_shape"
  CHECK ("kind" <> 'PAYMENT' OR ("payment_id" IS NOT NULL AND "amount_kopecks" < 0));
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_reversal_shape"
  CHECK (("kind" = 'REVERSAL') = ("reverses_entry_id" IS NOT NULL));
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_adjustment_shape"
  CHECK ("kind" <> 'ADJUSTMENT' OR "memo" IS NOT NULL);

-- Payments
ALTER TABLE "payment" ADD CONSTRAINT "payment_amount_positive" CHECK ("amount_kopecks" > 0);
ALTER TABLE "payment" ADD CONSTRAINT "payment_refund_range"
  CHECK ("refunded_kopecks" BETWEEN 0 AND "amount_kopecks");
ALTER TABLE "payment" ADD CONSTRAINT "payment_currency_uah" CHECK ("currency" = 'UAH');

-- Call list: a removal always has its reason
ALTER TABLE "call_list_entry" ADD CONSTRAINT "call_list_entry_removal_consistent"
  CHECK (("removed_at" IS NULL) = ("removal_reason" IS NULL) AND ("removed_at" IS NULL OR "removed_at" >= "added_at"));
ALTER TABLE "call_list_entry" ADD CONSTRAINT "call_list_entry_overdue_positive"
  CHECK ("overdue_kopecks" > 0 AND "overdue_months" >= 0);
ALTER TABLE "call_list_entry" ADD CONSTRAINT "call_list_entry_e164_format" CHECK ("phone_e164" ~ '^\+[1-9][0-9]{6,14}$');

-- Disputes
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_resolution_consistent"
  CHECK (("status" = 'RESOLVED') = ("resolution" IS NOT NULL AND "resolved_at" IS NOT NULL));
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_rejection_has_reason"
  CHECK ("resolution" IS DISTINCT FROM 'REJECTED' OR "resolution_note" IS NOT NULL);
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_staff_opener"
  CHECK (("opened_by" = 'STAFF') = ("opened_by_staff_id" IS NOT NULL));
ALTER TABLE "dispute_message" ADD CONSTRAINT "dispute_message_staff_author"
  CHECK (("author_kind" = 'STAFF') = ("staff_user_id" IS NOT NULL));

-- Staff and keys
ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_email_lowercase" CHECK ("email" = lower("email"));
ALTER TABLE "dialer_api_key" ADD CONSTRAINT "dialer_api_key_hash_hex" CHECK ("key_hash" ~ '^[0-9a-f]{64}$');

-- Append-only tables: history is corrected by new rows, never rewritten.
CREATE FUNCTION "refuse_history_rewrite"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Post a correcting entry instead.';
END
$$;

CREATE TRIGGER "ledger_entry_append_only" BEFORE UPDATE OR DELETE ON "ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "ledger_entry_no_truncate" BEFORE TRUNCATE ON "ledger_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "consent_record_append_only" BEFORE UPDATE OR DELETE ON "consent_record"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();
CREATE TRIGGER "call_list_event_append_only" BEFORE UPDATE OR DELETE ON "call_list_event"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_rewrite"();

-- A reversal undoes (part of) one earlier non-reversal entry of the same account, with the
-- opposite sign, and all reversals of an entry together never exceed it.
CREATE FUNCTION "ledger_entry_check_reversal"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  original "ledger_entry"%ROWTYPE;
  already integer;
BEGIN
  SELECT * INTO original FROM "ledger_entry" WHERE "id" = NEW."reverses_entry_id" FOR UPDATE;
  IF original."kind" = 'REVERSAL' THEN
    RAISE EXCEPTION 'a reversal cannot reverse another reversal' USING ERRCODE = 'check_violation';
  END IF;
  IF original."account_id" <> NEW."account_id" THEN
    RAISE EXCEPTION 'a reversal must stay on the account of the entry it reverses' USING ERRCODE = 'check_violation';
  END IF;
  IF sign(original."amount_kopecks") = sign(NEW."amount_kopecks") THEN
    RAISE EXCEPTION 'a reversal must have the opposite sign of the entry it reverses' USING ERRCODE = 'check_violation';
  END IF;
  SELECT coalesce(sum("amount_kopecks"), 0) INTO already FROM "ledger_entry" WHERE "reverses_entry_id" = original."id";
  IF abs(already + NEW."amount_kopecks") > abs(original."amount_kopecks") THEN
    RAISE EXCEPTION 'reversals would exceed the entry they reverse' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "ledger_entry_reversal_valid" BEFORE INSERT ON "ledger_entry"
  FOR EACH ROW WHEN (NEW."kind" = 'REVERSAL') EXECUTE FUNCTION "ledger_entry_check_reversal"();

-- account.balance_kopecks caches the ledger sum. Only this statement-level trigger writes it
-- (one UPDATE per account per INSERT statement, so bulk accrual stays set-based).
CREATE FUNCTION "ledger_entry_apply_balance"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "account" AS a
     SET "balance_kopecks" = a."balance_kopecks" + d."delta"
    FROM (SELECT "account_id", sum("amount_kopecks")::integer AS "delta"
            FROM "new_entries" GROUP BY "account_id") AS d
   WHERE a."id" = d."account_id";
  RETURN NULL;
END
$$;
CREATE TRIGGER "ledger_entry_balance" AFTER INSERT ON "ledger_entry"
  REFERENCING NEW TABLE AS "new_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_entry_apply_balance"();

CREATE FUNCTION "account_refuse_direct_balance"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() = 1 AND NEW."balance_kopecks" IS DISTINCT FROM OLD."balance_kopecks" THEN
    RAISE EXCEPTION 'account.balance_kopecks is derived from the ledger; post a ledger entry instead'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "account_balance_from_ledger_only" BEFORE UPDATE OF "balance_kopecks" ON "account"
  FOR EACH ROW EXECUTE FUNCTION "account_refuse_direct_balance"();

CREATE FUNCTION "account_refuse_initial_balance"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."balance_kopecks" <> 0 THEN
    RAISE EXCEPTION 'a new account starts at balance 0; opening balances are ledger entries'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "account_balance_starts_at_zero" BEFORE INSERT ON "account"
  FOR EACH ROW EXECUTE FUNCTION "account_refuse_initial_balance"();
