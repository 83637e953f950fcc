/** Text as Windows-1251 bytes (ASCII, Ukrainian and Russian letters, ’ and №), for registry tests. */
const EXTRA: Record<string, number> = {
  Ё: 0xa8,
  ё: 0xb8,
  Є: 0xaa,
  є: 0xba,
  І: 0xb2,
  і: 0xb3,
  Ї: 0xaf,
  ї: 0xbf,
  Ґ: 0xa5,
  ґ: 0xb4,
  '’': 0x92,
  '№': 0xb9,
};

export function windows1251(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    const mapped = EXTRA[char];
    if (mapped === undefined) throw new RangeError(`no Windows-1251 byte for ${char}`);
    return mapped;
  });
}
