import { describe, expect, it } from 'vitest';
import {
  formatSharesMetadata,
  MAX_CHECKOUT_SHARES,
  parseCheckoutShares,
  takeFromShares,
} from './checkout-shares';

describe('checkout shares in the provider metadata', () => {
  it('round-trips a split that adds up to the charge', () => {
    const shares = [
      { accountNumber: '1000000015', amountKopecks: 656_082 },
      { accountNumber: '1000000023', amountKopecks: 120_000 },
    ];
    const metadata = { accountNumber: '1000000015', shares: formatSharesMetadata(shares) };
    expect(metadata.shares).toBe('1000000015:656082;1000000023:120000');
    expect(parseCheckoutShares(metadata, 776_082)).toEqual({ ok: true, shares });
  });

  it('reads a one-account checkout (and every older one) as one share of the whole charge', () => {
    expect(parseCheckoutShares({ accountNumber: '1000000015' }, 50_000)).toEqual({
      ok: true,
      shares: [{ accountNumber: '1000000015', amountKopecks: 50_000 }],
    });
    expect(parseCheckoutShares({}, 50_000)).toEqual({
      ok: false,
      problem: 'no metadata.accountNumber',
    });
    expect(parseCheckoutShares(null, 50_000).ok).toBe(false);
  });

  it.each([
    ['a sum that differs from the charge', '1000000015:100;1000000023:200', 301],
    ['a zero share', '1000000015:0;1000000023:301', 301],
    ['a negative share', '1000000015:-1;1000000023:302', 301],
    ['hryvnias instead of kopecks', '1000000015:1.00;1000000023:201', 301],
    ['an account twice', '1000000015:100;1000000015:201', 301],
    ['garbage', 'x', 301],
    ['an empty part', '1000000015:301;', 301],
  ])('refuses %s', (_what, shares, total) => {
    expect(parseCheckoutShares({ accountNumber: '1000000015', shares }, total).ok).toBe(false);
  });

  it('refuses a split whose first share is not the named account', () => {
    expect(
      parseCheckoutShares({ accountNumber: '1000000023', shares: '1000000015:301' }, 301).ok,
    ).toBe(false);
  });

  it(`refuses more than ${MAX_CHECKOUT_SHARES} shares`, () => {
    const shares = Array.from({ length: MAX_CHECKOUT_SHARES + 1 }, (_, index) => ({
      accountNumber: String(1_000_000_000 + index),
      amountKopecks: 100,
    }));
    const metadata = { shares: formatSharesMetadata(shares) };
    expect(parseCheckoutShares(metadata, 100 * (MAX_CHECKOUT_SHARES + 1)).ok).toBe(false);
    expect(metadata.shares.length).toBeLessThan(500); // Stripe's limit per metadata value
  });
});

describe('takeFromShares: a reversal comes from the last share first', () => {
  it.each([
    // capacities, amount, takes
    [[300_00, 200_00], 150_00, [0, 150_00]],
    [[300_00, 200_00], 200_00, [0, 200_00]],
    [[300_00, 200_00], 250_00, [50_00, 200_00]],
    [[300_00, 200_00], 500_00, [300_00, 200_00]],
    [[300_00, 200_00], 900_00, [300_00, 200_00]], // never more than the shares hold
    [[300_00, 0], 100_00, [100_00, 0]], // the last share was already refunded in full
    [[50_000], 12_345, [12_345]], // one account: the whole reversal from it
    [[100, 200, 300], 0, [0, 0, 0]],
    [[100, 200, 300], -5, [0, 0, 0]],
  ])('capacities %j, amount %i → %j', (capacities, amount, takes) => {
    expect(takeFromShares(capacities, amount)).toEqual(takes);
  });

  it('is monotonic: a larger cumulative amount never takes less from a share', () => {
    const capacities = [700, 0, 250, 1_000];
    let previous = takeFromShares(capacities, 0);
    for (let amount = 1; amount <= 2_000; amount++) {
      const next = takeFromShares(capacities, amount);
      for (const [index, take] of next.entries()) {
        expect(take).toBeGreaterThanOrEqual(previous[index] ?? 0);
      }
      expect(next.reduce((a, b) => a + b, 0)).toBe(Math.min(amount, 1_950));
      previous = next;
    }
  });
});
