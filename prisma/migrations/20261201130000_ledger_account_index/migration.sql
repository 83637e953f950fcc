-- One account's ledger, whatever the kind, through one index.
--
-- The ledger had two partial indexes leading with account_id: the accrual key (kind =
-- 'ACCRUAL') and (account_id, effective_at) for the other kinds. PostgreSQL uses a partial index
-- only when the query's WHERE implies its predicate, which takes the kind written as a literal.
-- Prisma binds an enum as `CAST($2::text AS ledger_entry_kind)`, which the planner cannot fold,
-- and some reads name no kind: at 600,000 accounts (67 million lines) each such read was a
-- parallel sequential scan of the whole ledger, 1.3–1.5 s (the statement page took 2.7 s).
-- This index covers every kind; the period close pays one more index entry per accrual line.
DROP INDEX "ledger_entry_non_accrual_idx";
CREATE INDEX "ledger_entry_account_effective_idx" ON "ledger_entry"("account_id", "effective_at");

-- The account's "is it referenced" check needs only the one index now.
CREATE OR REPLACE FUNCTION "refuse_ledger_referenced_key"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  referenced boolean;
  constraint_name text;
  key_text text;
BEGIN
  IF TG_TABLE_NAME = 'account' THEN
    IF TG_OP = 'UPDATE' AND NEW."id" = OLD."id" THEN RETURN NEW; END IF;
    referenced := EXISTS (SELECT 1 FROM "ledger_entry" l WHERE l."account_id" = OLD."id")
               OR EXISTS (SELECT 1 FROM "account_month_debit" d WHERE d."account_id" = OLD."id");
    constraint_name := 'ledger_entry_account_id_fkey';
    key_text := format('(account_id)=(%s)', OLD."id");
  ELSIF TG_TABLE_NAME = 'billing_period' THEN
    IF TG_OP = 'UPDATE' AND NEW."month" = OLD."month" THEN RETURN NEW; END IF;
    referenced := EXISTS (SELECT 1 FROM "ledger_entry" l WHERE l."period_month" = OLD."month");
    constraint_name := 'ledger_entry_period_month_fkey';
    key_text := format('(period_month)=(%s)', OLD."month");
  ELSIF TG_TABLE_NAME = 'service_component' THEN
    IF TG_OP = 'UPDATE' AND NEW."id" = OLD."id" THEN RETURN NEW; END IF;
    referenced := EXISTS (SELECT 1 FROM "ledger_entry" l WHERE l."service_id" = OLD."id");
    constraint_name := 'ledger_entry_service_id_fkey';
    key_text := format('(service_id)=(%s)', OLD."id");
  ELSE
    IF TG_OP = 'UPDATE' AND NEW."id" = OLD."id" THEN RETURN NEW; END IF;
    referenced := EXISTS (SELECT 1 FROM "ledger_entry" l WHERE l."tariff_id" = OLD."id");
    constraint_name := 'ledger_entry_tariff_id_fkey';
    key_text := format('(tariff_id)=(%s)', OLD."id");
  END IF;
  IF referenced THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%" on table "ledger_entry"',
        TG_TABLE_NAME, constraint_name
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name, TABLE = TG_TABLE_NAME,
            DETAIL = format('Key %s is still referenced from table "ledger_entry".', key_text);
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$;
