/**
 * The two encodings a registry may come in (docs/payment-imports.md): UTF-8, with or without a
 * byte-order mark, and Windows-1251, what Ukrainian banks' and post offices' accounting systems
 * still export. A file that is valid UTF-8 is read as UTF-8, anything else as Windows-1251
 * (every byte is a character there, so that never fails; Cyrillic text in Windows-1251 is
 * practically never valid UTF-8). Decoding uses the runtime's WHATWG TextDecoder (Node's ICU
 * knows windows-1251), incrementally, so a file is never held as one string.
 */
export type RegistryEncoding = 'utf-8' | 'windows-1251';

/** Whether the bytes, read chunk by chunk, are valid UTF-8 (a BOM is allowed). */
export async function isUtf8(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** The text of byte chunks in `encoding`, chunk by chunk (a UTF-8 BOM is dropped). */
export async function* decodeRegistry(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: RegistryEncoding,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/** A byte array as chunks of at most `size` bytes (views, not copies). */
export function* byteChunks(bytes: Uint8Array, size = 1 << 20): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) {
    yield bytes.subarray(offset, Math.min(offset + size, bytes.byteLength));
  }
}
