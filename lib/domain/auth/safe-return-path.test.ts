import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './safe-return-path';

describe('safeReturnPath', () => {
  it.each([
    ['/account/statement?month=2026-10', '/account/statement?month=2026-10'],
    ['/account', '/account'],
    ['//evil.example/x', '/account'],
    ['/\\evil.example', '/account'],
    ['https://evil.example', '/account'],
    ['javascript:alert(1)', '/account'],
    ['/sign-in?back=/account', '/account'],
    ['/api/auth/signout', '/account'],
    ['', '/account'],
    [undefined, '/account'],
    [42, '/account'],
  ])('%s → %s', (back, expected) => {
    expect(safeReturnPath(back)).toBe(expected);
  });
});
