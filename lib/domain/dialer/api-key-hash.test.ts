import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, hashApiKey } from './api-key-hash';

describe('dialer API key hashing', () => {
  it('is the SHA-256 hex of the key', () => {
    // sha256("abc"), the FIPS 180-2 test vector.
    expect(hashApiKey('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hashApiKey('kvp_demo_dialer_key_change_me')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives different hashes for different keys', () => {
    expect(hashApiKey('kvp_a_0000000000000')).not.toBe(hashApiKey('kvp_a_0000000000001'));
  });

  it('takes the first 12 characters as the prefix', () => {
    expect(apiKeyPrefix('kvp_demo_dialer_key_change_me')).toBe('kvp_demo_dia');
  });

  it('refuses keys too short to have a prefix and a secret part', () => {
    expect(() => apiKeyPrefix('short')).toThrow(/longer/);
  });
});
