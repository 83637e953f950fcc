import 'server-only';
import { AppError } from '../app-error';
import { readRegistryRows } from './read-registry-rows';
import { detectDelimiter, firstLine, type RegistryDelimiter } from './registry-delimiter';
import { byteChunks, decodeRegistry, isUtf8, type RegistryEncoding } from './registry-encoding';

export type RegistryFormat = {
  encoding: RegistryEncoding;
  delimiter: RegistryDelimiter;
  /** Data rows under the header. */
  rowsTotal: number;
};

/**
 * What an uploaded registry is, checked before anything is written: its encoding
 * (registry-encoding.ts), its delimiter (from the header line), that the header has the
 * required columns and that the whole file reads as CSV, and how many data rows it has (the
 * progress shows rows done of this). Streams through the file once; rows are counted, not kept.
 * Throws INVALID_INPUT (field `file`) for an empty file, a header without rows or without the
 * required columns, or text that is not CSV.
 */
export async function inspectRegistry(bytes: Uint8Array): Promise<RegistryFormat> {
  if (bytes.byteLength === 0) {
    throw new AppError('INVALID_INPUT', 'файл порожній', { field: 'file', problem: 'EMPTY' });
  }
  const encoding: RegistryEncoding = (await isUtf8(byteChunks(bytes))) ? 'utf-8' : 'windows-1251';
  const start = new TextDecoder(encoding).decode(bytes.subarray(0, 64 * 1024));
  const delimiter = detectDelimiter(firstLine(start));
  let rowsTotal = 0;
  for await (const _row of readRegistryRows(
    decodeRegistry(byteChunks(bytes), encoding),
    delimiter,
  )) {
    rowsTotal += 1;
  }
  if (rowsTotal === 0) {
    throw new AppError('INVALID_INPUT', 'у файлі немає жодного рядка платежу під заголовком', {
      field: 'file',
      problem: 'EMPTY',
    });
  }
  return { encoding, delimiter, rowsTotal };
}
