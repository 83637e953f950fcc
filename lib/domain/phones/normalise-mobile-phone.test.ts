import { describe, expect, it } from 'vitest';
import {
  type NormaliseMobileProblem,
  type NormaliseMobileResult,
  normaliseUkrainianMobile,
} from './normalise-mobile-phone';

const kyivstar: NormaliseMobileResult = { ok: true, e164: '+380501234567' };
const refused = (problem: NormaliseMobileProblem): NormaliseMobileResult => ({
  ok: false,
  problem,
});

describe('normaliseUkrainianMobile', () => {
  const cases: Array<[input: string, expected: NormaliseMobileResult]> = [
    // The ways residents write the same mobile number.
    ['050 123 45 67', kyivstar],
    ['0501234567', kyivstar],
    ['+380501234567', kyivstar],
    ['380501234567', kyivstar],
    ['(050) 123-45-67', kyivstar],
    ['  050-123-45-67  ', kyivstar],
    ['+38 050 123 45 67', kyivstar],
    ['+380 (50) 123 45 67', kyivstar],
    ['00380501234567', kyivstar],
    // Other operators' mobile ranges.
    ['067 123 45 67', { ok: true, e164: '+380671234567' }],
    ['063 123 45 67', { ok: true, e164: '+380631234567' }],
    ['093 123 45 67', { ok: true, e164: '+380931234567' }],
    ['099 123 45 67', { ok: true, e164: '+380991234567' }],
    // Landlines and service numbers cannot receive SMS.
    ['057 700 12 34', refused('NOT_MOBILE')], // Kharkiv
    ['+380 44 123 45 67', refused('NOT_MOBILE')], // Kyiv
    ['0 800 500 123', refused('NOT_MOBILE')], // toll-free
    // Foreign numbers, valid mobiles in their own countries.
    ['+48 512 345 678', refused('NOT_UKRAINIAN')],
    ['+1 202 555 0143', refused('NOT_UKRAINIAN')],
    ['+7 912 345 67 89', refused('NOT_UKRAINIAN')],
    // Nothing, or not a (complete) number.
    ['', refused('EMPTY')],
    ['   ', refused('EMPTY')],
    ['abc', refused('INVALID')],
    ['050 123 45', refused('INVALID')], // two digits short
    ['050 123 45 678', refused('INVALID')], // one digit long
    ['050123456a', refused('INVALID')],
    ['+380', refused('INVALID')],
    ['050 123 45 67 ext. 5', refused('INVALID')],
    ['0'.repeat(41), refused('INVALID')],
  ];

  it.each(cases)('%j', (input, expected) => {
    expect(normaliseUkrainianMobile(input)).toEqual(expected);
  });
});
