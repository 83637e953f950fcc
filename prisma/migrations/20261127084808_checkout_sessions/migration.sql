-- CreateEnum
CREATE TYPE "checkout_status" AS ENUM ('OPEN', 'COMPLETED', 'FAILED', 'EXPIRED');

-- CreateTable
CREATE TABLE "checkout_session" (
    "id" TEXT NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "account_id" INTEGER NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,
    "locale" "locale" NOT NULL,
    "status" "checkout_status" NOT NULL DEFAULT 'OPEN',
    "url" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checkout_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "checkout_session_account_id_created_at_idx" ON "checkout_session"("account_id", "created_at");

-- AddForeignKey
ALTER TABLE "checkout_session" ADD CONSTRAINT "checkout_session_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: checks, and the receipt number sequence.
ALTER TABLE "checkout_session" ADD CONSTRAINT "checkout_session_amount_positive" CHECK ("amount_kopecks" > 0);

-- Receipt numbers are KP-<Kyiv year>-<8 digits> from one sequence: unique, increasing, and
-- unguessable enough only together with the checkout session that shows them.
CREATE SEQUENCE "payment_receipt_seq" AS bigint START 1;
