import 'server-only';
import type { Tx } from '../../server/db';
import type { PaymentProvider } from '../../server/generated/prisma/enums';
import { receiptNumberSql } from './receipt-number-sql';

/** One `payment` row to write: a share of a provider payment, or a bank registry row. */
export type PaymentRowInput = {
  provider: PaymentProvider;
  providerPaymentId: string;
  checkoutSessionId: string | null;
  shareIndex: number;
  accountId: number;
  amountKopecks: number;
  /** A bank import's rows: the import, the day paid ('YYYY-MM-DD') and the payer, as given. */
  importId?: number | null;
  paidOn?: string | null;
  payerName?: string | null;
};

export type InsertedPaymentRow = { id: number; providerPaymentId: string; shareIndex: number };

/**
 * Writes SUCCEEDED UAH payments received at `now`, each with its receipt number
 * (receiptNumberSql), in one INSERT, skipping every row a unique key already holds (provider,
 * provider payment id and share; checkout session and share): a payment is recorded once
 * however often it is reported. Returns the rows written (a row waits on a concurrent
 * transaction holding its key, and is skipped if that one commits). Shared by the webhook's
 * booking (one share at a time) and the bank import (a batch).
 */
export async function insertPaymentRows(
  tx: Tx,
  rows: readonly PaymentRowInput[],
  now: Date,
): Promise<InsertedPaymentRow[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.$queryRawUnsafe<
    { id: number; provider_payment_id: string; share_index: number }[]
  >(
    `INSERT INTO payment (provider, provider_payment_id, checkout_session_id, share_index,
                          receipt_number, account_id, amount_kopecks, currency, status,
                          created_at, succeeded_at, import_id, paid_on, payer_name)
     SELECT r.provider, r.provider_payment_id, r.checkout_session_id, r.share_index,
            ${receiptNumberSql("($10::timestamptz AT TIME ZONE 'Europe/Kyiv')")},
            r.account_id, r.amount_kopecks, 'UAH', 'SUCCEEDED', $10, $10,
            r.import_id, r.paid_on, r.payer_name
       FROM unnest($1::payment_provider[], $2::text[], $3::text[], $4::int[], $5::int[],
                   $6::int[], $7::int[], $8::date[], $9::text[])
            WITH ORDINALITY AS r(provider, provider_payment_id, checkout_session_id, share_index,
                                 account_id, amount_kopecks, import_id, paid_on, payer_name, n)
      ORDER BY r.n
     ON CONFLICT DO NOTHING
     RETURNING id, provider_payment_id, share_index`,
    rows.map((row) => row.provider),
    rows.map((row) => row.providerPaymentId),
    rows.map((row) => row.checkoutSessionId),
    rows.map((row) => row.shareIndex),
    rows.map((row) => row.accountId),
    rows.map((row) => row.amountKopecks),
    rows.map((row) => row.importId ?? null),
    rows.map((row) => row.paidOn ?? null),
    rows.map((row) => row.payerName ?? null),
    now,
  );
  return inserted.map((row) => ({
    id: row.id,
    providerPaymentId: row.provider_payment_id,
    shareIndex: row.share_index,
  }));
}
