import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash';

// Small parameters keep the tests fast; the format and the checks are the same.
const FAST = { N: 1024, r: 8, p: 1 };

describe('staff password hashing', () => {
  it('produces scrypt$N$r$p$salt$hash with a random salt', async () => {
    const a = await hashPassword('correct horse', FAST);
    const b = await hashPassword('correct horse', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('Пароль-2026', FAST);
    expect(await verifyPassword('Пароль-2026', stored)).toBe(true);
    expect(await verifyPassword('пароль-2026', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('uses the default parameters when none are given', async () => {
    const stored = await hashPassword('admin');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('admin', stored)).toBe(true);
  });

  it('rejects malformed stored hashes without throwing', async () => {
    expect(await verifyPassword('x', '')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$10$abc')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1000$8$1$c2FsdA$a2V5')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1024$8$1$$a2V5')).toBe(false);
  });

  it('refuses to hash an empty password', async () => {
    await expect(hashPassword('', FAST)).rejects.toThrow(/empty/);
  });
});
