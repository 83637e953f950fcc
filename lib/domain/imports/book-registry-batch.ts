import 'server-only';
import { kyivDay } from '../../dates';
import type { Tx } from '../../server/db';
import type { AccountNumberScheme } from '../accounts/account-number';
import type { BillingRules } from '../billing-rules';
import { postPayments } from '../ledger/post-ledger-entry';
import type { EnqueuePaymentConfirmation } from '../payments/book-provider-payment';
import { insertPaymentRows } from '../payments/insert-payment-rows';
import {
  type BookedReference,
  decideRegistryRows,
  type RegistryRowDecision,
} from './decide-registry-rows';
import type { RawRegistryRow } from './read-registry-rows';
import { validateRegistryRow } from './validate-registry-row';

export type RegistryBatchResult = {
  booked: number;
  duplicates: number;
  refused: number;
  bookedKopecks: number;
  removedFromCallList: number;
};

/** The error report keeps each cell as the file had it, up to this many characters. */
const MAX_REPORT_CELL = 200;

type BookedPayment = {
  id: number;
  provider_payment_id: string;
  account_id: number;
  amount_kopecks: number;
};

/** BANK_IMPORT payments already booked under any of `references`. */
async function bookedUnder(tx: Tx, references: readonly string[]): Promise<BookedPayment[]> {
  if (references.length === 0) return [];
  return tx.$queryRawUnsafe<BookedPayment[]>(
    `SELECT id, provider_payment_id, account_id, amount_kopecks FROM payment
      WHERE provider = 'BANK_IMPORT' AND share_index = 0 AND provider_payment_id = ANY($1::text[])`,
    [...references],
  );
}

/**
 * One batch of a registry's rows, in the caller's ONE transaction (the import's business
 * event, issue 10): lock the import and check that no other run settled these rows already;
 * check each row (validateRegistryRow, decideRegistryRows); book the valid ones exactly like
 * an online payment, set-based: their `payment` rows (provider BANK_IMPORT, the bank's
 * reference as the provider payment id, so a reference is booked once whatever is uploaded
 * again: insertPaymentRows), their PAYMENT ledger entries with the call-list re-evaluation of
 * their accounts (postPayments, rule 3), the confirmation SMS job for accounts that chose SMS;
 * write every row not booked to the error report (payment_import_row); add to the import's
 * counters and advance its checkpoint. Returns null, writing nothing, when the checkpoint is
 * not `rowsDoneBefore` (another run of the same import got there first).
 */
export async function bookRegistryBatch(
  tx: Tx,
  options: {
    importId: number;
    rowsDoneBefore: number;
    rows: readonly RawRegistryRow[];
    scheme: AccountNumberScheme;
    rules: BillingRules;
    now: Date;
    enqueuePaymentConfirmation: EnqueuePaymentConfirmation;
  },
): Promise<RegistryBatchResult | null> {
  const { importId, rows, now } = options;
  const [claimed] = await tx.$queryRawUnsafe<{ rows_done: number }[]>(
    `SELECT rows_done FROM payment_import WHERE id = $1 AND status = 'RUNNING' FOR UPDATE`,
    importId,
  );
  if (claimed?.rows_done !== options.rowsDoneBefore) return null;

  const today = kyivDay(now);
  const checked = rows.map((raw) => validateRegistryRow(raw, { scheme: options.scheme, today }));
  const valid = checked.flatMap((check) => (check.ok ? [check.row] : []));
  const accounts = await tx.$queryRawUnsafe<
    { id: number; number: string; contact_preference: string }[]
  >('SELECT id, number, contact_preference::text FROM account WHERE number = ANY($1::text[])', [
    ...new Set(valid.map((row) => row.accountNumber)),
  ]);
  const accountIds = new Map(accounts.map((account) => [account.number, account.id]));
  const smsAccounts = new Set(
    accounts.filter((account) => account.contact_preference === 'SMS').map((account) => account.id),
  );
  const booked = new Map<string, BookedReference>();
  const references = [...new Set(valid.map((row) => row.reference))];
  for (const payment of await bookedUnder(tx, references)) {
    booked.set(payment.provider_payment_id, {
      accountId: payment.account_id,
      amountKopecks: payment.amount_kopecks,
      paymentId: payment.id,
    });
  }
  const decisions: RegistryRowDecision[] = decideRegistryRows(checked, accountIds, booked);

  const toBook = decisions.flatMap((decision) => (decision.kind === 'BOOK' ? [decision] : []));
  const inserted = await insertPaymentRows(
    tx,
    toBook.map((decision) => ({
      provider: 'BANK_IMPORT' as const,
      providerPaymentId: decision.row.reference,
      checkoutSessionId: null,
      shareIndex: 0,
      accountId: decision.accountId,
      amountKopecks: decision.row.amountKopecks,
      importId,
      paidOn: decision.row.paidOn,
      payerName: decision.row.payer,
    })),
    now,
  );
  const paymentIdOf = new Map(inserted.map((row) => [row.providerPaymentId, row.id]));
  if (inserted.length < toBook.length) {
    // Another import booked some of these references meanwhile (the insert waited for it on
    // the unique key, then skipped them): decide those rows again against what it booked.
    const taken = toBook.filter((decision) => !paymentIdOf.has(decision.row.reference));
    const theirs = new Map(
      (
        await bookedUnder(
          tx,
          taken.map((decision) => decision.row.reference),
        )
      ).map((payment) => [payment.provider_payment_id, payment]),
    );
    for (const [index, decision] of decisions.entries()) {
      if (decision.kind !== 'BOOK' || paymentIdOf.has(decision.row.reference)) continue;
      const payment = theirs.get(decision.row.reference);
      const same =
        payment?.account_id === decision.accountId &&
        payment.amount_kopecks === decision.row.amountKopecks;
      booked.set(decision.row.reference, {
        accountId: payment?.account_id ?? decision.accountId,
        amountKopecks: payment?.amount_kopecks ?? decision.row.amountKopecks,
        paymentId: payment?.id ?? null,
      });
      decisions[index] = {
        kind: 'SKIP',
        reason: same ? 'DUPLICATE' : 'DUPLICATE_REFERENCE',
        reference: decision.row.reference,
      };
    }
  }
  for (const [reference, paymentId] of paymentIdOf) {
    const entry = booked.get(reference);
    if (entry) entry.paymentId = paymentId;
  }

  const bookedRows = decisions.flatMap((decision) =>
    decision.kind === 'BOOK'
      ? [{ ...decision, paymentId: paymentIdOf.get(decision.row.reference) as number }]
      : [],
  );
  const posted = await postPayments(tx, {
    payments: bookedRows.map((decision) => ({
      accountId: decision.accountId,
      paymentId: decision.paymentId,
      amountKopecks: decision.row.amountKopecks,
    })),
    rules: options.rules,
    now,
  });
  const removed = new Set(
    posted.flatMap((entry, index) =>
      entry.callList === 'REMOVED' ? [bookedRows[index]?.accountId] : [],
    ),
  );
  for (const decision of bookedRows) {
    if (smsAccounts.has(decision.accountId)) {
      await options.enqueuePaymentConfirmation(tx, { paymentId: decision.paymentId });
    }
  }

  const skipped = decisions.flatMap((decision, index) =>
    decision.kind === 'SKIP' ? [{ decision, raw: rows[index] as RawRegistryRow }] : [],
  );
  const cell = (value: string) => value.slice(0, MAX_REPORT_CELL);
  if (skipped.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO payment_import_row (import_id, row_number, reason, account_number, amount,
                                       paid_at, payer, reference, payment_id)
       SELECT $1, r.*
         FROM unnest($2::int[], $3::payment_import_row_reason[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::int[]) AS r`,
      importId,
      skipped.map(({ raw }) => raw.line),
      skipped.map(({ decision }) => decision.reason),
      skipped.map(({ raw }) => cell(raw.accountNumber)),
      skipped.map(({ raw }) => cell(raw.amount)),
      skipped.map(({ raw }) => cell(raw.paidAt)),
      skipped.map(({ raw }) => cell(raw.payer)),
      skipped.map(({ raw }) => cell(raw.reference)),
      skipped.map(({ decision }) =>
        decision.reference === null ? null : (booked.get(decision.reference)?.paymentId ?? null),
      ),
    );
  }
  const result: RegistryBatchResult = {
    booked: bookedRows.length,
    duplicates: skipped.filter(({ decision }) => decision.reason === 'DUPLICATE').length,
    refused: skipped.filter(({ decision }) => decision.reason !== 'DUPLICATE').length,
    bookedKopecks: bookedRows.reduce((sum, decision) => sum + decision.row.amountKopecks, 0),
    removedFromCallList: removed.size,
  };
  await tx.$executeRawUnsafe(
    `UPDATE payment_import
        SET rows_done = rows_done + $2, booked = booked + $3, duplicates = duplicates + $4,
            refused = refused + $5, booked_kopecks = booked_kopecks + $6,
            removed_from_call_list = removed_from_call_list + $7
      WHERE id = $1`,
    importId,
    rows.length,
    result.booked,
    result.duplicates,
    result.refused,
    result.bookedKopecks,
    result.removedFromCallList,
  );
  return result;
}
