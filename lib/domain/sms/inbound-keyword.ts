export type InboundKeyword = 'STOP' | 'START';

/**
 * Cyrillic capitals that look like Latin ones. Both the reply and the keywords are reduced to
 * this "skeleton", so "СТОП" typed with a Latin C, T or O, or "STOP" with a Cyrillic О or Р,
 * still matches: residents switch keyboards mid-word and cannot see the difference.
 */
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  І: 'I',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
};

/** Upper case, confusables folded, one space between words, no surrounding punctuation. */
function skeletonOf(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/[АВЕІКМНОРСТХ]/gu, (c) => CYRILLIC_TO_LATIN[c] ?? c);
}

const KEYWORDS: Readonly<Record<InboundKeyword, readonly string[]>> = {
  STOP: [
    'STOP',
    'STOP ALL',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'СТОП',
    'ВІДПИСАТИСЯ',
    'ВІДПИСАТИСЬ',
    'ОТПИСАТЬСЯ',
  ],
  START: ['START', 'UNSTOP', 'YES', 'СТАРТ'],
};

const KEYWORD_BY_SKELETON: ReadonlyMap<string, InboundKeyword> = new Map(
  (Object.keys(KEYWORDS) as InboundKeyword[]).flatMap((keyword) =>
    KEYWORDS[keyword].map((word) => [skeletonOf(word), keyword] as const),
  ),
);

/**
 * Reads an SMS reply as an opt-out (STOP) or opt-in (START) keyword, in any case, with
 * surrounding spaces and punctuation ("stop.", "Стоп!", "«СТОП»").
 *
 * Only a reply that is nothing but a keyword counts; "stop calling me please" or "не стоп" is
 * null. That is the carriers' own rule (a gateway such as Twilio blocks a number on a whole-body
 * STOP only), so our opt-out state and the gateway's agree; a keyword found inside free text
 * would also misread "don't stop". Free text belongs to a person, not to this parser.
 */
export function parseInboundKeyword(body: string): InboundKeyword | null {
  return KEYWORD_BY_SKELETON.get(skeletonOf(body)) ?? null;
}
