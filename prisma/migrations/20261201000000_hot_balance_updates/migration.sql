-- Hand-written (no schema change Prisma can see): the period close updates every account's
-- cached balance once a month, and a payment updates one. With full heap pages each such update
-- writes a new row version elsewhere and a new entry in every index of account, the trigram GIN
-- index of holder names included. With half of each page kept free the new version fits on the
-- same page, and PostgreSQL updates it in place of the indexes (a HOT update): no index entry.
-- New pages are filled to half from now on; rows on existing full pages move to such pages at
-- their next update (so a database upgraded in place gets there after one period close), or at
-- once with `VACUUM FULL account` at a quiet hour.
ALTER TABLE "account" SET (fillfactor = 50);

-- The guard against writing a balance by hand, evaluated in the trigger's WHEN clause instead of
-- a plpgsql call per row: the ledger trigger's bulk update (600,000 rows in a close) no longer
-- invokes a function for each of them. Same rule: refused only at trigger depth 0 (a statement
-- from outside any trigger) when the value changes.
DROP TRIGGER "account_balance_from_ledger_only" ON "account";
CREATE TRIGGER "account_balance_from_ledger_only" BEFORE UPDATE OF "balance_kopecks" ON "account"
  FOR EACH ROW
  WHEN (pg_trigger_depth() = 0 AND NEW."balance_kopecks" IS DISTINCT FROM OLD."balance_kopecks")
  EXECUTE FUNCTION "account_refuse_direct_balance"();
