import type { RegistryRowReason, ValidRegistryRow } from './validate-registry-row';

/** A bank reference booked before (in the database, or earlier in the same batch). */
export type BookedReference = {
  accountId: number;
  amountKopecks: number;
  paymentId: number | null;
};

export type RegistryRowDecision =
  | { kind: 'BOOK'; accountId: number; row: ValidRegistryRow }
  | { kind: 'SKIP'; reason: RegistryRowReason; reference: string | null };

/**
 * What to do with each row of a batch, in file order, once its values are checked
 * (validateRegistryRow) and the batch's account numbers and references are looked up:
 * - a well-formed number that is no account's: UNKNOWN_ACCOUNT;
 * - a reference booked before (or earlier in the file) with the same account and amount: a
 *   DUPLICATE, harmless (a re-upload, an overlapping registry): nothing is booked again;
 * - the same reference with another account or amount: DUPLICATE_REFERENCE, refused (the
 *   bank's reference names one payment);
 * - otherwise the row is booked, and its reference counts as booked for the rows after it.
 * `booked` is updated with the references the batch books.
 */
export function decideRegistryRows(
  rows: readonly ({ ok: true; row: ValidRegistryRow } | { ok: false; reason: RegistryRowReason })[],
  accounts: ReadonlyMap<string, number>,
  booked: Map<string, BookedReference>,
): RegistryRowDecision[] {
  return rows.map((checked) => {
    if (!checked.ok) return { kind: 'SKIP', reason: checked.reason, reference: null };
    const { row } = checked;
    const accountId = accounts.get(row.accountNumber);
    if (accountId === undefined) {
      return { kind: 'SKIP', reason: 'UNKNOWN_ACCOUNT', reference: null };
    }
    const before = booked.get(row.reference);
    if (before) {
      const same = before.accountId === accountId && before.amountKopecks === row.amountKopecks;
      return {
        kind: 'SKIP',
        reason: same ? 'DUPLICATE' : 'DUPLICATE_REFERENCE',
        reference: row.reference,
      };
    }
    booked.set(row.reference, { accountId, amountKopecks: row.amountKopecks, paymentId: null });
    return { kind: 'BOOK', accountId, row };
  });
}
