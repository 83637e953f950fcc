import { describe, expect, it } from 'vitest';
import { type InboundKeyword, parseInboundKeyword } from './inbound-keyword';

describe('parseInboundKeyword', () => {
  const cases: Array<[body: string, expected: InboundKeyword | null]> = [
    ['STOP', 'STOP'],
    ['stop', 'STOP'],
    ['Stop', 'STOP'],
    ['  stop  ', 'STOP'],
    ['stop.', 'STOP'],
    ['STOP!!!', 'STOP'],
    ['stop\n', 'STOP'],
    ['STOP ALL', 'STOP'],
    ['stop   all', 'STOP'],
    ['StopAll', 'STOP'],
    ['UNSUBSCRIBE', 'STOP'],
    ['cancel', 'STOP'],
    ['End', 'STOP'],
    ['quit', 'STOP'],
    ['СТОП', 'STOP'],
    ['Стоп!', 'STOP'],
    ['стоп', 'STOP'],
    ['«СТОП»', 'STOP'],
    ['ВІДПИСАТИСЯ', 'STOP'],
    ['відписатись', 'STOP'],
    ['Отписаться.', 'STOP'],
    ['ＳＴＯＰ', 'STOP'], // full-width Latin
    // Look-alikes: Latin C, T, O with a Cyrillic П; Latin S, T with a Cyrillic О and Р.
    ['CTOП', 'STOP'],
    ['СTOП', 'STOP'],
    ['ctoп', 'STOP'],
    ['STОР', 'STOP'],
    ['START', 'START'],
    ['start', 'START'],
    ['Старт', 'START'],
    ['CTAPT', 'START'], // all Latin look-alikes of "СТАРТ"
    ['unstop', 'START'],
    ['Yes', 'START'],
    ['yes!', 'START'],
    // Not a keyword: only the whole message counts.
    ['', null],
    ['   ', null],
    ['stop calling me please', null],
    ['не стоп', null],
    ["don't stop", null],
    ['STOPP', null],
    ['S T O P', null],
    ['stop 🙏', null],
    ['так', null],
    ['no', null],
    ['Дякую', null],
  ];

  it.each(cases)('%j → %s', (body, expected) => {
    expect(parseInboundKeyword(body)).toBe(expected);
  });
});
