import { describe, expect, it } from 'vitest';
import { MAX_DISPUTE_TEXT } from '../staff/staff-policy';
import { isDisputeCategory, MIN_DISPUTE_DESCRIPTION, normaliseDisputeText } from './open-dispute';

describe('normaliseDisputeText', () => {
  const long = 'я'.repeat(MAX_DISPUTE_TEXT);
  // 400 lines of 9 characters: 4,000 with LF line breaks, 4,399 as a browser sends it (CRLF).
  const crlf = 'абвгдежзи\r\n'.repeat(400);
  it.each([
    ['trims the ends', '  Площа неправильна \n', { ok: true, text: 'Площа неправильна' }],
    ['exactly the minimum', '0123456789', { ok: true, text: '0123456789' }],
    ['one short of the minimum', ' 012345678 ', { ok: false, problem: 'TOO_SHORT' }],
    ['only white space', ' \r\n\t ', { ok: false, problem: 'TOO_SHORT' }],
    ['exactly the maximum', long, { ok: true, text: long }],
    ['one over the maximum', `${long}я`, { ok: false, problem: 'TOO_LONG' }],
    [
      'CRLF counts as one character',
      crlf,
      { ok: true, text: crlf.replaceAll('\r\n', '\n').trim() },
    ],
    ['a lone CR becomes LF', 'рядок один\rрядок два', { ok: true, text: 'рядок один\nрядок два' }],
    ['NUL is dropped', 'площа\u0000 неправильна', { ok: true, text: 'площа неправильна' }],
    [
      'markup is kept verbatim',
      '<script>alert(1)</script>',
      { ok: true, text: '<script>alert(1)</script>' },
    ],
  ] as const)('%s', (_name, raw, expected) => {
    expect(normaliseDisputeText(raw, MIN_DISPUTE_DESCRIPTION)).toEqual(expected);
  });

  it('a reply needs one character', () => {
    expect(normaliseDisputeText(' Ок ', 1)).toEqual({ ok: true, text: 'Ок' });
    expect(normaliseDisputeText('  ', 1)).toEqual({ ok: false, problem: 'TOO_SHORT' });
  });
});

describe('isDisputeCategory', () => {
  it.each([
    ['WRONG_AREA', true],
    ['OTHER', true],
    ['other', false],
    ['', false],
    [undefined, false],
    ['toString', false],
  ])('%s → %s', (value, expected) => {
    expect(isDisputeCategory(value)).toBe(expected);
  });
});
