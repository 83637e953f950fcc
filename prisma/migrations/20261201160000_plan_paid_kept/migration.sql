-- What each live payment plan has been paid since it was asked for, kept with every ledger write
-- (issue 11 benchmark: recomputing it from account_month_debit for 20,000 plans added 37 % to
-- the call-list rebuild). Credits are the entries that are no month's debit (payments,
-- reversals of payments, credit adjustments not posted to a month; kvp_debit_month is NULL),
-- so a plan's paid amount grows by minus their amounts. Accruals never change it and are skipped
-- before the function is called, so a period close pays one filter over its rows per batch.
-- `npm run db:verify` recomputes it as credits now minus credits_base_kopecks.
ALTER TABLE "payment_plan" ADD COLUMN "paid_kopecks" BIGINT NOT NULL DEFAULT 0;

UPDATE "payment_plan" pp
   SET "paid_kopecks" = (SELECT coalesce(sum(d."debit_kopecks"), 0) FROM "account_month_debit" d
                          WHERE d."account_id" = pp."account_id")
                        - a."balance_kopecks" - pp."credits_base_kopecks"
  FROM "account" a
 WHERE a."id" = pp."account_id" AND pp."ended_at" IS NULL;

CREATE FUNCTION "ledger_entry_apply_plan_credits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "payment_plan" pp
     SET "paid_kopecks" = pp."paid_kopecks" + c."credit"
    FROM (SELECT n."account_id", -sum(n."amount_kopecks") AS "credit"
            FROM "new_entries" n
           WHERE n."kind" <> 'ACCRUAL'
             AND kvp_debit_month(n."kind", n."period_month", n."effective_at", n."amount_kopecks") IS NULL
           GROUP BY n."account_id") c
   WHERE pp."account_id" = c."account_id" AND pp."ended_at" IS NULL;
  RETURN NULL;
END
$$;

-- Named to fire after ledger_entry_balance (triggers fire in name order): the account's row is
-- locked before its plan's, the order every plan change takes them in.
CREATE TRIGGER "ledger_entry_plan_credits"
  AFTER INSERT ON "ledger_entry"
  REFERENCING NEW TABLE AS "new_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "ledger_entry_apply_plan_credits"();
