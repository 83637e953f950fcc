-- One checkout may pay several linked accounts (issue 15): the provider's one payment is booked
-- as one payment row per account, its shares 0, 1, … in the order the checkout listed them.
-- Uniqueness moves from the provider's payment id to (payment id, share): a duplicate event
-- still collides on share 0, which every booking writes first, in one transaction with the rest.
ALTER TABLE "payment" ADD COLUMN "share_index" SMALLINT NOT NULL DEFAULT 0;

DROP INDEX "payment_provider_provider_payment_id_key";
CREATE UNIQUE INDEX "payment_provider_provider_payment_id_share_index_key"
  ON "payment"("provider", "provider_payment_id", "share_index");

DROP INDEX "payment_checkout_session_id_key";
CREATE UNIQUE INDEX "payment_checkout_session_id_share_index_key"
  ON "payment"("checkout_session_id", "share_index");

-- A reversal (refund or card dispute) is tracked per source AND per share it took from.
DROP INDEX "payment_reversal_source_source_id_key";
DROP INDEX "payment_reversal_payment_id_idx";
CREATE UNIQUE INDEX "payment_reversal_payment_id_source_source_id_key"
  ON "payment_reversal"("payment_id", "source", "source_id");

-- What each checkout pays for each account.
CREATE TABLE "checkout_share" (
    "session_id" TEXT NOT NULL,
    "share_index" SMALLINT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "amount_kopecks" INTEGER NOT NULL,

    CONSTRAINT "checkout_share_pkey" PRIMARY KEY ("session_id","share_index")
);

CREATE INDEX "checkout_share_account_id_idx" ON "checkout_share"("account_id");

ALTER TABLE "checkout_share" ADD CONSTRAINT "checkout_share_session_id_fkey"
  FOREIGN KEY ("session_id") REFERENCES "checkout_session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "checkout_share" ADD CONSTRAINT "checkout_share_account_id_fkey"
  FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "checkout_share" ADD CONSTRAINT "checkout_share_amount_positive"
  CHECK ("amount_kopecks" > 0 AND "share_index" >= 0);

-- Every checkout opened before this had one account: its one share.
INSERT INTO "checkout_share" ("session_id", "share_index", "account_id", "amount_kopecks")
SELECT "id", 0, "account_id", "amount_kopecks" FROM "checkout_session" WHERE "amount_kopecks" > 0;
