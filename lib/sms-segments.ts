/**
 * How many SMS segments a text costs, per 3GPP TS 23.038 / 23.040.
 *
 * A text that uses only the GSM 7-bit default alphabet and its extension table is sent as GSM-7:
 * a basic-set character is one septet, an extension character (`^{}\[~]|€` and form feed) is an
 * escape plus a septet, so two. Anything else makes the whole message UCS-2, where every UTF-16
 * code unit is one unit (an emoji outside the BMP is a surrogate pair: two). One segment holds 140
 * octets: 160 septets or 70 UCS-2 units. A concatenated message spends 6 octets of each segment on
 * the user data header, leaving 153 septets or 67 units per segment.
 *
 * Segments are filled greedily and, as carriers do, an escape pair or a surrogate pair is never
 * split across two segments, so a multipart count can exceed ceil(units / 153) by the odd unit.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export type SmsSegmentCount = { encoding: SmsEncoding; segments: number; units: number };

export const SMS_SEGMENT_LIMITS = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multipart: number }>;

/** GSM 03.38 basic character set (one septet each), as the Unicode characters it maps to. */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** GSM 03.38 extension table (escape + septet: two each). */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const GSM_BASIC_SET: ReadonlySet<string> = new Set(GSM_BASIC);
const GSM_EXTENSION_SET: ReadonlySet<string> = new Set(GSM_EXTENSION);

/** Units each character costs: per code point, so a surrogate pair stays one indivisible item. */
function measureCharacters(text: string): { encoding: SmsEncoding; costs: number[] } {
  const characters = Array.from(text);
  const isGsm = characters.every((c) => GSM_BASIC_SET.has(c) || GSM_EXTENSION_SET.has(c));
  if (isGsm) {
    return { encoding: 'GSM-7', costs: characters.map((c) => (GSM_EXTENSION_SET.has(c) ? 2 : 1)) };
  }
  return { encoding: 'UCS-2', costs: characters.map((c) => c.length) };
}

/** Segments needed when no character may straddle two segments of `capacity` units. */
function packSegments(costs: readonly number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/** Encoding, segments and units of `text`; the empty text is one (empty) GSM-7 segment. */
export function countSmsSegments(text: string): SmsSegmentCount {
  const { encoding, costs } = measureCharacters(text);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const limits = SMS_SEGMENT_LIMITS[encoding];
  const segments = units <= limits.single ? 1 : packSegments(costs, limits.multipart);
  return { encoding, segments, units };
}
