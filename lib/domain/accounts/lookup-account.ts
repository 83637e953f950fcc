import 'server-only';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import { getAccountArrears } from '../arrears/get-account-arrears';
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
  const parsed = parseAccountNumber(options.accountNumber, options.scheme);
  const account = await prisma.account.findUnique({
    where: { number: parsed.ok ? parsed.accountNumber : NO_SUCH_ACCOUNT },
    select: {
      id: true,
      number: true,
      holderName: true,
      balanceKopecks: true,
      building: { select: { street: true, houseNumber: true } },
    },
  });
  if (!parsed.ok) {
    throw new AppError('INVALID_INPUT', 'malformed account number', {
      field: 'account',
      problem: parsed.problem,
    });
  }
  if (!account) throw new AppError('NOT_FOUND', 'no such account');

  const arrears = await getAccountArrears(prisma, {
    accountId: account.id,
    balance: account.balanceKopecks,
    asOf: options.asOf,
    rules: options.rules,
  });
  return {
    accountNumber: account.number,
    address: maskAddress(account.building.street, account.building.houseNumber),
    holder: maskHolderName(account.holderName),
    currency: 'UAH',
    amountDue: arrears.amountDue,
    overdue: arrears.overdue,
    overdueMonths: arrears.overdueMonths,
  };
}
