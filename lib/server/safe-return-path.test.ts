import { describe, expect, it } from 'vitest';
import { safeReturnPath, sameSitePath } from './safe-return-path';

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

describe('sameSitePath (the language switcher may return to any page, sign-in included)', () => {
  it.each([
    ['/sign-in?back=/account', '/sign-in?back=/account'],
    ['/pay?account=1111111116', '/pay?account=1111111116'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['/a b', '/'],
    [`/${'x'.repeat(600)}`, '/'],
    [null, '/'],
  ])('%s → %s', (back, expected) => {
    expect(sameSitePath(back, '/')).toBe(expected);
  });
});

describe('redirect targets are printable ASCII (a Location header cannot carry more)', () => {
  it.each(['/account/статистика', '/account\u0000', '/pay?account=1\u2028'])(
    '%j → fallback',
    (back) => {
      expect(safeReturnPath(back)).toBe('/account');
      expect(sameSitePath(back, '/')).toBe('/');
    },
  );

  it('percent-encoded non-ASCII is kept', () => {
    expect(safeReturnPath('/account/statement?q=%D0%B0')).toBe('/account/statement?q=%D0%B0');
  });
});
