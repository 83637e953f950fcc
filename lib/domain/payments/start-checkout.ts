import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { PaymentProvider } from '../../server/generated/prisma/enums';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { consumeLookupBudget } from '../accounts/look-up-within-budget';
import { AppError } from '../app-error';
import { consumeRateLimit } from '../rate-limit/consume-rate-limit';
import { type CheckoutShareSpec, checkoutMetadata } from './checkout-shares';
import { MAX_PAYMENT_KOPECKS, parseHryvniaAmount } from './payment-limits';

/**
 * Checkouts started per hour: generous for a family paying several flats or retrying a
 * declined card, far below what would make the provider's API (or its bill) a target.
 */
export const CHECKOUT_LIMITS = { perClientPerHour: 20, perAccountPerHour: 10 } as const;

/** The seam between the checkout flow and a payment provider (Stripe, or the demo one). */
export type CheckoutProvider = {
  name: Extract<PaymentProvider, 'STRIPE' | 'DEMO'>;
  createSession(input: {
    /** What is paid on each account, in order; the charge is their sum. */
    shares: CheckoutShareSpec[];
    /** To send as the session's and the payment's metadata (checkoutMetadata). */
    metadata: Record<string, string>;
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
  await consumeCheckoutLimits(prisma, {
    clientKey: options.clientKey,
    accountIds: [account.id],
    now: options.now,
  });

  return openCheckout(prisma, provider, {
    shares: [
      { accountId: account.id, accountNumber: number.accountNumber, amountKopecks: amount.kopecks },
    ],
    locale: options.locale,
    appUrl: options.appUrl,
  });
}

/**
 * Opens the provider's checkout for `shares` (one account, or several linked ones) and records
 * it with its shares, so the result page can follow it and the demo provider can complete it.
 */
async function openCheckout(
  prisma: PrismaClient,
  provider: CheckoutProvider,
  options: {
    shares: { accountId: number; accountNumber: string; amountKopecks: number }[];
    locale: Locale;
    appUrl: string;
  },
): Promise<{ sessionId: string; url: string }> {
  const [first] = options.shares;
  if (!first) throw new Error('a checkout needs at least one share');
  const total = options.shares.reduce((sum, share) => sum + share.amountKopecks, 0);
  const base = options.appUrl.replace(/\/$/, '');
  const shares = options.shares.map((share) => ({
    accountNumber: share.accountNumber,
    amountKopecks: share.amountKopecks,
  }));
  const session = await provider.createSession({
    shares,
    metadata: checkoutMetadata(shares),
    locale: options.locale,
    successUrl: `${base}/pay/result?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${base}/pay/result?cancelled=1&session_id={CHECKOUT_SESSION_ID}`,
  });
  await prisma.checkoutSession.create({
    data: {
      id: session.id,
      provider: provider.name,
      accountId: first.accountId,
      amountKopecks: total,
      locale: options.locale,
      url: session.url,
      shares: {
        create: options.shares.map((share, shareIndex) => ({
          shareIndex,
          accountId: share.accountId,
          amountKopecks: share.amountKopecks,
        })),
      },
    },
  });
  return { sessionId: session.id, url: session.url };
}

/**
 * Starts one checkout for several of the accounts a resident has proved in this browser
 * session (a parents' flat, a garage): `amounts` maps account id → the hryvnias typed for it
 * (empty: not paid). Each amount must be within the one-payment limits, the total at most
 * MAX_PAYMENT_KOPECKS (one card charge), and every account linked in the session (the caller
 * passes the session's accounts: nobody can add an account they have not proved). The
 * webhook books each account's share in one transaction (book-provider-payment.ts).
 *
 * Throws INVALID_INPUT (`amount` with the account's id, or `form`: NOTHING, TOTAL_TOO_LARGE,
 * UNLINKED), RATE_LIMITED like a
 * one-account checkout (per client, and per account for each account paid).
 */
export async function startLinkedCheckout(
  prisma: PrismaClient,
  provider: CheckoutProvider,
  options: {
    linked: readonly { accountId: number; accountNumber: string }[];
    amounts: ReadonlyMap<number, string>;
    locale: Locale;
    appUrl: string;
    clientKey: string;
    now?: Date;
  },
): Promise<{ sessionId: string; url: string }> {
  const linkedIds = new Set(options.linked.map((account) => account.accountId));
  for (const accountId of options.amounts.keys()) {
    if (!linkedIds.has(accountId)) {
      throw new AppError('INVALID_INPUT', 'an account is not linked in this session', {
        field: 'form',
        problem: 'UNLINKED',
      });
    }
  }
  const shares: { accountId: number; accountNumber: string; amountKopecks: number }[] = [];
  // In the session's order (the current account need not come first).
  for (const account of options.linked) {
    const typed = options.amounts.get(account.accountId)?.trim() ?? '';
    if (typed === '') continue;
    const amount = parseHryvniaAmount(typed);
    if (!amount.ok) {
      throw new AppError('INVALID_INPUT', 'bad amount', {
        field: 'amount',
        accountId: account.accountId,
        problem: amount.problem,
      });
    }
    shares.push({ ...account, amountKopecks: amount.kopecks });
  }
  if (shares.length === 0) {
    throw new AppError('INVALID_INPUT', 'no amount for any account', {
      field: 'form',
      problem: 'NOTHING',
    });
  }
  if (shares.reduce((sum, share) => sum + share.amountKopecks, 0) > MAX_PAYMENT_KOPECKS) {
    throw new AppError('INVALID_INPUT', 'the total is above the one-payment maximum', {
      field: 'form',
      problem: 'TOTAL_TOO_LARGE',
    });
  }
  await consumeCheckoutLimits(prisma, {
    clientKey: options.clientKey,
    accountIds: shares.map((share) => share.accountId),
    now: options.now,
  });
  return openCheckout(prisma, provider, {
    shares,
    locale: options.locale,
    appUrl: options.appUrl,
  });
}

/** Each checkout is a provider API call: limited per client and per account paid. */
async function consumeCheckoutLimits(
  prisma: PrismaClient,
  options: { clientKey: string; accountIds: number[]; now?: Date },
): Promise<void> {
  for (const limit of [
    { key: `checkout:client:${options.clientKey}`, limit: CHECKOUT_LIMITS.perClientPerHour },
    ...options.accountIds.map((accountId) => ({
      key: `checkout:account:${accountId}`,
      limit: CHECKOUT_LIMITS.perAccountPerHour,
    })),
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
}
