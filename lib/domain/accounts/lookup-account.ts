import 'server-only';
import type { MonthKey } from '../../dates';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import { debitsByMonthSql } from '../arrears/debits-by-month-sql';
import { arrearsFromState } from '../arrears/get-account-arrears';
import type { BillingRules } from '../billing-rules';
import { type AccountNumberScheme, parseAccountNumber } from './account-number';
import { maskAddress, maskHolderName } from './mask';

/** The public, masked summary of an account: all an anonymous lookup ever returns. */
export type PublicAccountSummary = {
  accountNumber: string;
  address: string;
  holder: string;
  currency: 'UAH';
  amountDue: number;
  overdue: number;
  overdueMonths: number;
  /**
   * Whether the dialer calls this account's number now (an open call-list entry). It says no
   * more than the overdue figures already imply, and no phone number.
   */
  onCallList: boolean;
};

/** A number no account can have (not digits), used to give malformed input the same work. */
const NO_SUCH_ACCOUNT = '-';

/**
 * Looks an account up by its personal account number for anyone who wants to pay it
 * (DESIGN rule 6). Malformed input → INVALID_INPUT (with the problem), unknown → NOT_FOUND.
 * Both ask the database the same question, so neither answers measurably faster than the
 * other. Amounts in kopecks; nothing beyond the masked fields leaves this function.
 */
export async function lookupAccount(
  prisma: PrismaClient,
  options: { accountNumber: string; scheme: AccountNumberScheme; rules: BillingRules; asOf?: Date },
): Promise<PublicAccountSummary> {
  const query = lookupQuery(options);
  // One round trip: the account, its building and its kept month debits in one snapshot.
  const [account] = await prisma.$queryRawUnsafe<LookupRow[]>(lookupSql('$1'), query.param);
  return query.summary(account);
}

/**
 * The look-up in two halves, for a caller that sends lookupSql inside its own statement (the
 * public look-up counts the client's budget in the same round trip): the number to bind, and
 * how to read the row that comes back. Malformed and unknown numbers run the same query.
 */
export function lookupQuery(options: {
  accountNumber: string;
  scheme: AccountNumberScheme;
  rules: BillingRules;
  asOf?: Date;
}): { param: string; summary: (row: LookupRow | undefined) => PublicAccountSummary } {
  const parsed = parseAccountNumber(options.accountNumber, options.scheme);
  return {
    param: parsed.ok ? parsed.accountNumber : NO_SUCH_ACCOUNT,
    summary: (account) => {
      if (!parsed.ok) {
        throw new AppError('INVALID_INPUT', 'malformed account number', {
          field: 'account',
          problem: parsed.problem,
        });
      }
      if (!account) throw new AppError('NOT_FOUND', 'no such account');
      const arrears = arrearsFromState({
        debits: account.debits.map(([month, amount]) => ({
          month: month as MonthKey,
          amount: Number(amount),
        })),
        balance: account.balance_kopecks,
        asOf: options.asOf,
        rules: options.rules,
      });
      return {
        accountNumber: account.number,
        address: maskAddress(account.street, account.house_number),
        holder: maskHolderName(account.holder_name),
        currency: 'UAH',
        amountDue: arrears.amountDue,
        overdue: arrears.overdue,
        overdueMonths: arrears.overdueMonths,
        onCallList: account.on_call_list,
      };
    },
  };
}

export type LookupRow = {
  number: string;
  holder_name: string;
  balance_kopecks: number;
  street: string;
  house_number: string;
  /** [month 'YYYY-MM', kopecks as text] pairs (JSON keeps bigint exact as text). */
  debits: [string, string][];
  on_call_list: boolean;
};

/** The look-up's SELECT, with the account number bound at `numberParam` (e.g. `$1`). */
export function lookupSql(numberParam: string): string {
  return `
SELECT a.number, a.holder_name, a.balance_kopecks, b.street, b.house_number,
       coalesce((SELECT json_agg(json_build_array(to_char(m.month, 'YYYY-MM'), m.amount::text))
                   FROM (${debitsByMonthSql('a.id')}) m), '[]'::json) AS debits,
       EXISTS (SELECT 1 FROM call_list_entry e
                WHERE e.account_id = a.id AND e.removed_at IS NULL) AS on_call_list
  FROM account a
  JOIN building b ON b.id = a.building_id
 WHERE a.number = ${numberParam}`;
}
