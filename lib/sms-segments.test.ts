import { describe, expect, it } from 'vitest';
import { countSmsSegments, type SmsSegmentCount } from './sms-segments';

const a = (n: number) => 'a'.repeat(n);
const cyr = (n: number) => 'б'.repeat(n);

describe('countSmsSegments', () => {
  const cases: Array<[name: string, text: string, expected: SmsSegmentCount]> = [
    ['empty text', '', { encoding: 'GSM-7', segments: 1, units: 0 }],
    ['160 Latin letters fill one segment', a(160), { encoding: 'GSM-7', segments: 1, units: 160 }],
    ['161 Latin letters: 153 + 8', a(161), { encoding: 'GSM-7', segments: 2, units: 161 }],
    ['306 = 2 × 153', a(306), { encoding: 'GSM-7', segments: 2, units: 306 }],
    ['307 = 2 × 153 + 1', a(307), { encoding: 'GSM-7', segments: 3, units: 307 }],
    [
      'GSM-only accents and Greek stay 1 unit',
      'àÉñÇΔΩ£¥§¿¡@_',
      {
        encoding: 'GSM-7',
        segments: 1,
        units: 13,
      },
    ],
    ['a € costs 2', '€', { encoding: 'GSM-7', segments: 1, units: 2 }],
    ['every extension char costs 2', '^{}\\[~]|€\f', { encoding: 'GSM-7', segments: 1, units: 20 }],
    ['158 letters + € = 160', `${a(158)}€`, { encoding: 'GSM-7', segments: 1, units: 160 }],
    ['159 letters + € = 161', `${a(159)}€`, { encoding: 'GSM-7', segments: 2, units: 161 }],
    ['80 € = 160', '€'.repeat(80), { encoding: 'GSM-7', segments: 1, units: 160 }],
    // 81 € = 162 units; 153-septet segments hold 76 whole escape pairs: 76 + 5.
    [
      '81 € do not split an escape pair',
      '€'.repeat(81),
      {
        encoding: 'GSM-7',
        segments: 2,
        units: 162,
      },
    ],
    // 152 + 2 would straddle the first 153-septet boundary: the € moves to segment 2, and
    // 152 | 2 + 152 = 154 > 153 spills one letter into a third segment.
    [
      'escape pair at a segment boundary',
      `${a(152)}€${a(152)}`,
      {
        encoding: 'GSM-7',
        segments: 3,
        units: 306,
      },
    ],
    ['70 Cyrillic fill one UCS-2 segment', cyr(70), { encoding: 'UCS-2', segments: 1, units: 70 }],
    ['71 Cyrillic: 67 + 4', cyr(71), { encoding: 'UCS-2', segments: 2, units: 71 }],
    ['134 = 2 × 67', cyr(134), { encoding: 'UCS-2', segments: 2, units: 134 }],
    ['135 = 2 × 67 + 1', cyr(135), { encoding: 'UCS-2', segments: 3, units: 135 }],
    [
      'one Cyrillic letter makes Latin text UCS-2',
      `${a(69)}ї`,
      {
        encoding: 'UCS-2',
        segments: 1,
        units: 70,
      },
    ],
    ['€ in UCS-2 is one unit', `${cyr(69)}€`, { encoding: 'UCS-2', segments: 1, units: 70 }],
    ['an emoji is two UTF-16 units', '😀', { encoding: 'UCS-2', segments: 1, units: 2 }],
    ['68 + emoji = 70', `${cyr(68)}😀`, { encoding: 'UCS-2', segments: 1, units: 70 }],
    ['69 + emoji = 71', `${cyr(69)}😀`, { encoding: 'UCS-2', segments: 2, units: 71 }],
    // 66 + 2 would straddle the 67-unit boundary: the pair moves whole to segment 2, so
    // 134 units (= 2 × 67) need 66 | 2 + 65 | 1.
    [
      'surrogate pair at a segment boundary',
      `${cyr(66)}😀${cyr(66)}`,
      {
        encoding: 'UCS-2',
        segments: 3,
        units: 134,
      },
    ],
    [
      'one unit less fits two segments: 66 | 2 + 65',
      `${cyr(66)}😀${cyr(65)}`,
      {
        encoding: 'UCS-2',
        segments: 2,
        units: 133,
      },
    ],
    ['no-break space is not GSM', 'UAH\u00a01', { encoding: 'UCS-2', segments: 1, units: 5 }],
    ['backtick is not GSM', '`', { encoding: 'UCS-2', segments: 1, units: 1 }],
    ['hryvnia sign is not GSM', '₴', { encoding: 'UCS-2', segments: 1, units: 1 }],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(countSmsSegments(text)).toEqual(expected);
  });
});
