import { describe, expect, it } from 'vitest';
import { allocatePayment } from './allocate-payment';

const debits = [
  { month: '2026-08', amount: 30_000 },
  { month: '2026-07', amount: 30_000 },
  { month: '2026-09', amount: 30_000 },
] as const;

describe('allocatePayment (FIFO)', () => {
  it.each([
    ['pays the oldest month first', 0, 30_000, [['2026-07', 30_000]], 0],
    [
      'continues after earlier payments',
      45_000,
      30_000,
      [
        ['2026-08', 15_000],
        ['2026-09', 15_000],
      ],
      0,
    ],
    ['leaves an overpayment as credit', 60_000, 50_000, [['2026-09', 30_000]], 20_000],
    ['all credit when everything was already paid', 90_000, 10_000, [], 10_000],
  ] as const)('%s', (_name, priorCredits, amount, settled, leftover) => {
    expect(allocatePayment({ debits, priorCredits, amount })).toEqual({
      settled: settled.map(([month, value]) => ({ month, amount: value })),
      leftover,
    });
  });
});
