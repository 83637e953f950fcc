import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { PaymentProvider } from '../../server/generated/prisma/enums';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { consumeLookupBudget } from '../accounts/look-up-within-budget';
import { AppError } from '../app-error';
import { consumeRateLimit } from '../rate-limit/consume-rate-limit';
import { parseHryvniaAmount } from './payment-limits';

/**
 * Checkouts started per hour: generous for a family paying several flats or retrying a
 * declined card, far below what would make the provider's API (or its bill) a target.
 */
export const CHECKOUT_LIMITS = { perClientPerHour: 20, perAccountPerHour: 10 } as const;

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
    /** Keyed hash of the client's address: the look-up budget and the checkout limit. */
    clientKey: string;
    now?: Date;
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
  // Whether the account exists is what a look-up reveals: the same shared budget.
  const budget = await consumeLookupBudget(prisma, {
    clientKey: options.clientKey,
    now: options.now,
  });
  if (!budget.allowed) {
    throw new AppError('RATE_LIMITED', 'too many look-ups from this client', {
      reason: 'CLIENT',
      retryAfterSeconds: budget.retryAfterSeconds,
    });
  }
  const account = await prisma.account.findUnique({
    where: { number: number.accountNumber },
    select: { id: true },
  });
  if (!account) throw new AppError('NOT_FOUND', 'no such account', { what: 'account' });
  // Each checkout is a provider API call: limited per client and per account.
  for (const limit of [
    { key: `checkout:client:${options.clientKey}`, limit: CHECKOUT_LIMITS.perClientPerHour },
    { key: `checkout:account:${account.id}`, limit: CHECKOUT_LIMITS.perAccountPerHour },
  ]) {
    const used = await consumeRateLimit(prisma, {
      ...limit,
      windowSeconds: 3600,
      now: options.now,
    });
    if (!used.allowed) {
      throw new AppError('RATE_LIMITED', 'too many payments started', {
        reason: 'CLIENT',
        retryAfterSeconds: Math.max(1, Math.ceil(used.retryAfterSeconds)),
      });
    }
  }

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
