import type { PaymentImportRowReason } from '../../server/generated/prisma/enums';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { MAX_PAYMENT_KOPECKS, parseHryvnias } from '../payments/payment-limits';
import { parseRegistryDate } from './parse-registry-date';
import type { RawRegistryRow } from './read-registry-rows';

export type RegistryRowReason = PaymentImportRowReason;

/** A registry row whose own values are valid (its account and reference are checked later). */
export type ValidRegistryRow = {
  accountNumber: string;
  amountKopecks: number;
  /** 'YYYY-MM-DD', not after today in Kyiv. */
  paidOn: string;
  payer: string | null;
  reference: string;
};

/** A payer's name is data only; a longer cell is cut to this. */
export const MAX_PAYER_LENGTH = 200;

/**
 * Checks one registry row's values by themselves, in column order, the first problem deciding:
 * - the account number (lib/domain/accounts/account-number.ts): a wrong check digit is
 *   BAD_CHECK_DIGIT; empty, not digits or the wrong length can be nobody's: UNKNOWN_ACCOUNT
 *   (whether a well-formed number exists is asked of the database with the batch);
 * - the amount in hryvnias, `.` or `,` before the kopecks, spaces between thousands
 *   (`1234,56`, `1 234.5`, `300`): unparseable, zero, negative or above MAX_PAYMENT_KOPECKS is
 *   BAD_AMOUNT (a bank payment has no minimum: the card minimum is the card network's);
 * - the day paid (parse-registry-date.ts): unparseable, or after `today` (Kyiv): BAD_DATE;
 * - the bank's reference: empty is MISSING_REFERENCE.
 */
export function validateRegistryRow(
  raw: Pick<RawRegistryRow, 'accountNumber' | 'amount' | 'paidAt' | 'payer' | 'reference'>,
  options: { scheme: AccountNumberScheme; today: string },
): { ok: true; row: ValidRegistryRow } | { ok: false; reason: RegistryRowReason } {
  const account = parseAccountNumber(raw.accountNumber, options.scheme);
  if (!account.ok) {
    return {
      ok: false,
      reason: account.problem === 'BAD_CHECK_DIGIT' ? 'BAD_CHECK_DIGIT' : 'UNKNOWN_ACCOUNT',
    };
  }
  const amountKopecks = parseHryvnias(raw.amount);
  if (amountKopecks === null || amountKopecks <= 0 || amountKopecks > MAX_PAYMENT_KOPECKS) {
    return { ok: false, reason: 'BAD_AMOUNT' };
  }
  const paidOn = parseRegistryDate(raw.paidAt);
  if (paidOn === null || paidOn > options.today) return { ok: false, reason: 'BAD_DATE' };
  const reference = raw.reference.trim();
  if (reference === '') return { ok: false, reason: 'MISSING_REFERENCE' };
  const payer = raw.payer.trim().slice(0, MAX_PAYER_LENGTH);
  return {
    ok: true,
    row: {
      accountNumber: account.accountNumber,
      amountKopecks,
      paidOn,
      payer: payer === '' ? null : payer,
      reference,
    },
  };
}
