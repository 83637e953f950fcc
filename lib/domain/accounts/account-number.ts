/**
 * Personal account numbers: a fixed number of digits whose last digit is, in the demo
 * numbering, a Luhn check digit, so that a mistyped digit or a swap of two neighbours is
 * caught before the database is asked. Residents may type spaces and dashes.
 * Pure functions: safe on the server and in the browser.
 */
export type AccountNumberScheme = {
  length: number;
  checkDigit: 'luhn' | 'none';
};

export const DEFAULT_ACCOUNT_NUMBER_SCHEME: AccountNumberScheme = {
  length: 10,
  checkDigit: 'luhn',
};

export type AccountNumberProblem = 'EMPTY' | 'NOT_DIGITS' | 'WRONG_LENGTH' | 'BAD_CHECK_DIGIT';

export type ParsedAccountNumber =
  | { ok: true; accountNumber: string }
  | { ok: false; problem: AccountNumberProblem };

/** The Luhn check digit for a string of digits (without the check digit). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    // Walk from the right; the digit next to the check digit is doubled.
    const digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}

/** Appends the scheme's check digit to a serial of `length - 1` digits. */
export function withCheckDigit(serial: string, scheme = DEFAULT_ACCOUNT_NUMBER_SCHEME): string {
  return scheme.checkDigit === 'luhn' ? `${serial}${luhnCheckDigit(serial)}` : serial;
}

/** Normalises (drops spaces, dashes, dots) and validates what a resident typed. */
export function parseAccountNumber(
  input: string,
  scheme: AccountNumberScheme = DEFAULT_ACCOUNT_NUMBER_SCHEME,
): ParsedAccountNumber {
  const compact = input.replace(/[\s\-.\u2010-\u2015]/g, '');
  if (compact === '') return { ok: false, problem: 'EMPTY' };
  if (!/^[0-9]+$/.test(compact)) return { ok: false, problem: 'NOT_DIGITS' };
  if (compact.length !== scheme.length) return { ok: false, problem: 'WRONG_LENGTH' };
  if (scheme.checkDigit === 'luhn') {
    const expected = luhnCheckDigit(compact.slice(0, -1));
    if (Number(compact.slice(-1)) !== expected) return { ok: false, problem: 'BAD_CHECK_DIGIT' };
  }
  return { ok: true, accountNumber: compact };
}

/** Groups digits for display: 1234567890 → 123 456 789 0 style "1234 5678 90". */
export function formatAccountNumber(accountNumber: string): string {
  return accountNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
}
