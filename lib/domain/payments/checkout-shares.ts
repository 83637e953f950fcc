/**
 * One checkout, several accounts (docs/payments.md, "Several accounts in one checkout"): how a
 * checkout's split travels in the provider's metadata, and how a partial reversal of such a
 * payment is spread over its shares. Pure: the webhook, the demo provider and the tests share it.
 */

/** At most this many accounts in one checkout (a browser session links at most ten). */
export const MAX_CHECKOUT_SHARES = 10;

export type CheckoutShareSpec = { accountNumber: string; amountKopecks: number };

/** The metadata value: `number:kopecks` per share, in order, joined by `;` (≤ 500 characters). */
export function formatSharesMetadata(shares: readonly CheckoutShareSpec[]): string {
  return shares.map((share) => `${share.accountNumber}:${share.amountKopecks}`).join(';');
}

/**
 * What the webhook books, as the provider's metadata on the session and on the payment: the
 * (first) account, and for several accounts the split, so a refund that arrives before the
 * sale can book the sale from the charge alone.
 */
export function checkoutMetadata(shares: readonly CheckoutShareSpec[]): Record<string, string> {
  const [first] = shares;
  if (!first) throw new Error('a checkout needs at least one share');
  return shares.length === 1
    ? { accountNumber: first.accountNumber }
    : { accountNumber: first.accountNumber, shares: formatSharesMetadata(shares) };
}

export type ParsedShares =
  | { ok: true; shares: CheckoutShareSpec[] }
  | { ok: false; problem: string };

const SHARE = /^([0-9]{1,20}):([1-9][0-9]{0,9})$/;

/**
 * The shares a paid checkout carries. A checkout opened for one account (and every checkout
 * opened before several-account payments existed) carries only `accountNumber`: one share of
 * the whole amount. A split must name each account once, in positive whole kopecks, and add
 * up exactly to what was charged; anything else is for staff to review, never guessed at.
 */
export function parseCheckoutShares(
  metadata: Record<string, string> | null | undefined,
  amountTotal: number,
): ParsedShares {
  const raw = metadata?.shares;
  if (raw === undefined || raw === '') {
    const accountNumber = metadata?.accountNumber;
    if (!accountNumber) return { ok: false, problem: 'no metadata.accountNumber' };
    return { ok: true, shares: [{ accountNumber, amountKopecks: amountTotal }] };
  }
  const parts = raw.split(';');
  if (parts.length > MAX_CHECKOUT_SHARES)
    return { ok: false, problem: `more than ${MAX_CHECKOUT_SHARES} shares` };
  const shares: CheckoutShareSpec[] = [];
  for (const part of parts) {
    const match = SHARE.exec(part);
    if (!match?.[1] || !match[2]) return { ok: false, problem: `malformed share "${part}"` };
    shares.push({ accountNumber: match[1], amountKopecks: Number(match[2]) });
  }
  if (new Set(shares.map((share) => share.accountNumber)).size !== shares.length)
    return { ok: false, problem: 'an account appears twice in the shares' };
  const sum = shares.reduce((total, share) => total + share.amountKopecks, 0);
  if (sum !== amountTotal)
    return { ok: false, problem: `shares add up to ${sum}, the charge is ${amountTotal}` };
  if (metadata?.accountNumber && metadata.accountNumber !== shares[0]?.accountNumber)
    return { ok: false, problem: 'metadata.accountNumber is not the first share' };
  return { ok: true, shares };
}

/**
 * How a reversal of `amount` kopecks is taken from a payment's shares, given what each share
 * can still give back (its amount less what was already reversed from it): from the LAST share
 * first, each as far as it can. A refund or card dispute of a one-account payment is the same
 * rule with one share. Applied to each increment a source reverses (payment-reversals.ts); it
 * is monotonic (a larger amount never takes less from any share).
 * Returns what to take from each share, in share order; the sum is min(amount, Σ capacity).
 */
export function takeFromShares(capacities: readonly number[], amount: number): number[] {
  const takes = capacities.map(() => 0);
  let left = Math.max(0, amount);
  for (let index = capacities.length - 1; index >= 0 && left > 0; index--) {
    const take = Math.min(left, Math.max(0, capacities[index] ?? 0));
    takes[index] = take;
    left -= take;
  }
  return takes;
}
