import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales';

describe('negotiateLocale', () => {
  it.each([
    [null, 'uk'],
    ['', 'uk'],
    ['uk-UA,uk;q=0.9', 'uk'],
    ['ru-RU,ru;q=0.9,en-US;q=0.8', 'ru'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9', 'uk'],
    ['de-DE,en;q=0.5,ru;q=0.7', 'ru'],
    ['ru;q=0,en', 'en'],
    ['*', 'uk'],
  ])('%j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
