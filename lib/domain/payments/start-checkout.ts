import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { PaymentProvider } from '../../server/generated/prisma/enums';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { AppError } from '../app-error';
import { parseHryvniaAmount } from './payment-limits';

/** The seam between the checkout flow and a payment provider (Stripe, or the demo one). */
export type CheckoutProvider = {
  name: Extract<PaymentProvider, 'STRIPE' | 'DEMO'>;
  createSession(input: {
    accountNumber: string;
    amountKopecks: number;
    locale: Locale;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; url: string }>;
};

/**
 * Starts paying `amount` (typed in hryvnias) for an account, by anyone (relatives pay for the
 * elderly): validates the number and the amount, opens a provider checkout carrying the account
 * in its metadata, and records the session so the result page can follow it.
 */
export async function startCheckout(
  prisma: PrismaClient,
  provider: CheckoutProvider,
  options: {
    accountNumber: string;
    amount: string;
    locale: Locale;
    appUrl: string;
    scheme: AccountNumberScheme;
  },
): Promise<{ sessionId: string; url: string }> {
  const number = parseAccountNumber(options.accountNumber, options.scheme);
  if (!number.ok)
    throw new AppError('INVALID_INPUT', 'malformed account number', {
      field: 'account',
      problem: number.problem,
    });
  const amount = parseHryvniaAmount(options.amount);
  if (!amount.ok)
    throw new AppError('INVALID_INPUT', 'bad amount', { field: 'amount', problem: amount.problem });
  const account = await prisma.account.findUnique({
    where: { number: number.accountNumber },
    select: { id: true },
  });
  if (!account) throw new AppError('NOT_FOUND', 'no such account', { what: 'account' });

  const base = options.appUrl.replace(/\/$/, '');
  const session = await provider.createSession({
    accountNumber: number.accountNumber,
    amountKopecks: amount.kopecks,
    locale: options.locale,
    successUrl: `${base}/pay/result?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/pay/result?cancelled=1&session_id={CHECKOUT_SESSION_ID}`,
  });
  await prisma.checkoutSession.create({
    data: {
      id: session.id,
      provider: provider.name,
      accountId: account.id,
      amountKopecks: amount.kopecks,
      locale: options.locale,
      url: session.url,
    },
  });
  return { sessionId: session.id, url: session.url };
}
