import { describe, expect, it } from 'vitest';
import { linkAccount, MAX_LINKED_ACCOUNTS, parseResidentClaims, switchAccount } from './claims';

describe('resident session claims', () => {
  it('link a new account and make it current, keeping earlier ones', () => {
    const first = linkAccount(null, { accountId: 1, accountNumber: '1111111116' });
    const both = linkAccount(first, { accountId: 2, accountNumber: '2222222222' });
    expect(both).toEqual({
      current: 2,
      accounts: [
        { id: 1, number: '1111111116' },
        { id: 2, number: '2222222222' },
      ],
    });
    expect(linkAccount(both, { accountId: 1, accountNumber: '1111111116' }).accounts).toHaveLength(
      2,
    );
  });

  it('keep at most MAX_LINKED_ACCOUNTS, dropping the oldest', () => {
    let claims = null;
    for (let id = 1; id <= MAX_LINKED_ACCOUNTS + 2; id++) {
      claims = linkAccount(claims, { accountId: id, accountNumber: String(id) });
    }
    expect(claims?.accounts).toHaveLength(MAX_LINKED_ACCOUNTS);
    expect(claims?.accounts[0]?.id).toBe(3);
  });

  it('switch only to a linked account', () => {
    const claims = linkAccount(linkAccount(null, { accountId: 1, accountNumber: '1' }), {
      accountId: 2,
      accountNumber: '2',
    });
    expect(switchAccount(claims, 1)?.current).toBe(1);
    expect(switchAccount(claims, 3)).toBeNull();
  });

  it('reject malformed or inconsistent token contents', () => {
    expect(parseResidentClaims(undefined)).toBeNull();
    expect(parseResidentClaims({ current: 3, accounts: [{ id: 1, number: '1' }] })).toBeNull();
    expect(parseResidentClaims({ current: 1, accounts: [] })).toBeNull();
    expect(parseResidentClaims({ current: 1, accounts: [{ id: 1, number: '1' }] })).not.toBeNull();
  });
});
