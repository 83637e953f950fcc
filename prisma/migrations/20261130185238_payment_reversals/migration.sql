-- CreateEnum
CREATE TYPE "payment_reversal_source" AS ENUM ('REFUND', 'DISPUTE');

-- CreateTable
CREATE TABLE "payment_reversal" (
    "id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "source" "payment_reversal_source" NOT NULL,
    "source_id" TEXT NOT NULL,
    "reversed_kopecks" INTEGER NOT NULL DEFAULT 0,
    "reinstated_kopecks" INTEGER NOT NULL DEFAULT 0,
    "dispute_status" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_reversal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_reversal_payment_id_idx" ON "payment_reversal"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_reversal_source_source_id_key" ON "payment_reversal"("source", "source_id");

-- AddForeignKey
ALTER TABLE "payment_reversal" ADD CONSTRAINT "payment_reversal_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── Hand-written rules ──
ALTER TABLE "payment_reversal" ADD CONSTRAINT "payment_reversal_amounts"
  CHECK ("reversed_kopecks" >= 0 AND "reinstated_kopecks" >= 0 AND "reinstated_kopecks" <= "reversed_kopecks");
ALTER TABLE "payment_reversal" ADD CONSTRAINT "payment_reversal_dispute_status"
  CHECK (("source" = 'DISPUTE') = ("dispute_status" IS NOT NULL)
         AND ("dispute_status" IS NULL OR "dispute_status" IN ('OPEN', 'WON', 'LOST')));

-- Payments reversed before this migration (one shared refunded amount): their reversals become
-- one legacy source each, so that later refunds and disputes count them.
INSERT INTO "payment_reversal" ("payment_id", "source", "source_id", "reversed_kopecks", "updated_at")
SELECT "id", 'REFUND', 'legacy-' || "id", "refunded_kopecks", now()
  FROM "payment" WHERE "refunded_kopecks" > 0;
