import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDocumentDate,
  formatDocumentDateTime,
  formatMonth,
  formatUah,
} from './format';

describe('locale formatting', () => {
  it('formats kopecks as hryvnias per locale', () => {
    expect(formatUah(123_456, 'uk').replace(/\s/g, ' ')).toBe('1 234,56 ₴');
    expect(formatUah(123_456, 'en').replace(/\s/g, ' ')).toBe('UAH 1,234.56');
    expect(formatUah(5, 'ru').replace(/\s/g, ' ')).toMatch(/^0,05 /);
  });

  it('formats dates in Kyiv time', () => {
    // 22:30 UTC on 31 Oct is already 1 Nov in Kyiv.
    expect(formatDate(new Date('2026-10-31T22:30:00Z'), 'en')).toBe('1 Nov 2026');
  });

  it('names months in each language', () => {
    expect(formatMonth('2026-11', 'uk')).toMatch(/листопад/);
    expect(formatMonth('2026-11', 'ru')).toMatch(/ноябр/);
    expect(formatMonth('2026-11', 'en')).toBe('November 2026');
  });
});

describe('formatDocumentDateTime', () => {
  it.each([
    ['2026-11-30T16:20:00Z', '30.11.2026 18:20'], // winter: UTC+2
    ['2026-07-01T21:05:00Z', '02.07.2026 00:05'], // summer: UTC+3, the next Kyiv day
    ['2026-01-05T07:09:00Z', '05.01.2026 09:09'],
  ])('%s → %s', (iso, text) => {
    expect(formatDocumentDateTime(new Date(iso))).toBe(text);
  });
});

describe('formatDocumentDate', () => {
  it('is the Kyiv calendar day, numeric', () => {
    expect(formatDocumentDate(new Date('2026-11-30T16:20:00Z'))).toBe('30.11.2026');
    expect(formatDocumentDate(new Date('2026-07-01T21:05:00Z'))).toBe('02.07.2026');
  });
});
