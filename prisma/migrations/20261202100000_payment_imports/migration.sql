-- Payment imports from banks and post offices (issue 10, docs/payment-imports.md): the uploaded
-- registry with its checkpoint and counters, the rows not booked (the error report), and on each
-- payment booked from a registry the import, the day paid and the payer. The new payment columns
-- are nullable without a default: adding them rewrites nothing.

-- CreateEnum
CREATE TYPE "payment_import_status" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "payment_import_row_reason" AS ENUM ('DUPLICATE', 'UNKNOWN_ACCOUNT', 'BAD_CHECK_DIGIT', 'BAD_AMOUNT', 'BAD_DATE', 'MISSING_REFERENCE', 'DUPLICATE_REFERENCE');

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "import_id" INTEGER,
ADD COLUMN     "paid_on" DATE,
ADD COLUMN     "payer_name" TEXT;

-- CreateTable
CREATE TABLE "payment_import" (
    "id" SERIAL NOT NULL,
    "file_name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL,
    "delimiter" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "status" "payment_import_status" NOT NULL DEFAULT 'QUEUED',
    "rows_total" INTEGER NOT NULL,
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "booked" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "booked_kopecks" BIGINT NOT NULL DEFAULT 0,
    "removed_from_call_list" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "uploaded_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_import_row" (
    "import_id" INTEGER NOT NULL,
    "row_number" INTEGER NOT NULL,
    "reason" "payment_import_row_reason" NOT NULL,
    "account_number" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "paid_at" TEXT NOT NULL,
    "payer" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "payment_id" INTEGER,

    CONSTRAINT "payment_import_row_pkey" PRIMARY KEY ("import_id","row_number")
);

-- CreateIndex
CREATE INDEX "payment_import_created_at_idx" ON "payment_import"("created_at");

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "payment_import"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_import" ADD CONSTRAINT "payment_import_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_import_row" ADD CONSTRAINT "payment_import_row_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "payment_import"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what the schema cannot say.
ALTER TABLE "payment_import"
  ADD CONSTRAINT "payment_import_encoding_known" CHECK ("encoding" IN ('utf-8', 'windows-1251')),
  ADD CONSTRAINT "payment_import_delimiter_known" CHECK ("delimiter" IN (';', ',')),
  ADD CONSTRAINT "payment_import_counters_valid" CHECK (
    "rows_total" >= 0 AND "rows_done" BETWEEN 0 AND "rows_total"
    AND "booked" >= 0 AND "duplicates" >= 0 AND "refused" >= 0 AND "booked_kopecks" >= 0
    AND "removed_from_call_list" >= 0
    AND "booked" + "duplicates" + "refused" = "rows_done"),
  ADD CONSTRAINT "payment_import_finished_when_done" CHECK (
    ("status" IN ('COMPLETED', 'FAILED')) = ("finished_at" IS NOT NULL)),
  ADD CONSTRAINT "payment_import_completed_all_rows" CHECK (
    "status" <> 'COMPLETED' OR "rows_done" = "rows_total");

-- The job reads the stored file in 1 MiB slices (substring): kept uncompressed, a slice is read
-- without decompressing the file up to it.
ALTER TABLE "payment_import" ALTER COLUMN "content" SET STORAGE EXTERNAL;
