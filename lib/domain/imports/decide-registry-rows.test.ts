import { describe, expect, it } from 'vitest';
import { type BookedReference, decideRegistryRows } from './decide-registry-rows';
import type { ValidRegistryRow } from './validate-registry-row';

const row = (reference: string, accountNumber: string, amountKopecks: number) => ({
  ok: true as const,
  row: {
    accountNumber,
    amountKopecks,
    paidOn: '2026-11-29',
    payer: null,
    reference,
  } satisfies ValidRegistryRow,
});

describe('decideRegistryRows', () => {
  it('books new references once, and tells duplicates from conflicting references', () => {
    const accounts = new Map([
      ['1111111116', 1],
      ['2222222222', 2],
    ]);
    const booked = new Map<string, BookedReference>([
      ['OLD-1', { accountId: 1, amountKopecks: 5_000, paymentId: 77 }],
    ]);
    const decisions = decideRegistryRows(
      [
        row('NEW-1', '1111111116', 10_000), // booked
        row('OLD-1', '1111111116', 5_000), // booked before, same data: duplicate
        row('OLD-1', '2222222222', 5_000), // booked before with another account
        row('NEW-1', '1111111116', 10_000), // repeated in the file, same data: duplicate
        row('NEW-1', '1111111116', 10_001), // repeated in the file, another amount
        row('NEW-2', '3333333338', 10_000), // no such account
        { ok: false, reason: 'BAD_DATE' },
        row('NEW-3', '2222222222', 20_000), // booked
      ],
      accounts,
      booked,
    );
    expect(decisions.map((d) => (d.kind === 'BOOK' ? `BOOK ${d.accountId}` : d.reason))).toEqual([
      'BOOK 1',
      'DUPLICATE',
      'DUPLICATE_REFERENCE',
      'DUPLICATE',
      'DUPLICATE_REFERENCE',
      'UNKNOWN_ACCOUNT',
      'BAD_DATE',
      'BOOK 2',
    ]);
    expect([...booked.keys()].sort()).toEqual(['NEW-1', 'NEW-3', 'OLD-1']);
  });

  it('does not count a refused row as booked: a later valid row with its reference is booked', () => {
    const booked = new Map<string, BookedReference>();
    const decisions = decideRegistryRows(
      [row('R-1', '9999999999', 100), row('R-1', '1111111116', 100)],
      new Map([['1111111116', 1]]),
      booked,
    );
    expect(decisions.map((d) => d.kind)).toEqual(['SKIP', 'BOOK']);
  });
});
