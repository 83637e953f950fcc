import 'server-only';
import { Readable } from 'node:stream';
import { CsvError, type Info, parse } from 'csv-parse';
import { AppError } from '../app-error';
import {
  mapRegistryHeader,
  REGISTRY_FIELD_NAMES_UK,
  type RegistryColumns,
  type RegistryField,
} from './registry-columns';
import type { RegistryDelimiter } from './registry-delimiter';

/** One data row of a registry as the file has it (cells trimmed), before validation. */
export type RawRegistryRow = Readonly<Record<RegistryField, string>> & {
  /** The line of the file the row ends on (the header is line 1): the error report's row. */
  line: number;
  /** The row's place among the data rows, from 1: the import's checkpoint counts these. */
  ordinal: number;
};

/** A record longer than this is not a registry row (an unclosed quote swallowing the file). */
const MAX_RECORD_BYTES = 64 * 1024;

function fileProblem(problem: 'EMPTY' | 'MISSING_COLUMNS' | 'MALFORMED', message: string) {
  return new AppError('INVALID_INPUT', message, { field: 'file', problem });
}

/**
 * The data rows of a registry's text, parsed as they stream in with csv-parse (never the whole
 * file at once): the first record is the header (registry-columns.ts maps it), blank lines and
 * rows of empty cells are skipped, rows may have more or fewer cells than the header (a missing
 * cell reads as empty, and validation refuses the row), and a stray quote inside a cell is
 * kept as text. Throws INVALID_INPUT (field `file`) for a file without rows, a header without
 * the required columns, or text that is not CSV.
 */
export async function* readRegistryRows(
  text: AsyncIterable<string>,
  delimiter: RegistryDelimiter,
): AsyncGenerator<RawRegistryRow> {
  const parser = parse({
    delimiter,
    bom: true,
    trim: true,
    info: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const source = Readable.from(text);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: RegistryColumns | null = null;
  let ordinal = 0;
  const cell = (record: string[], field: RegistryField) => {
    const index = columns?.[field];
    return index === null || index === undefined ? '' : (record[index] ?? '');
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: Info;
    }>) {
      if (!columns) {
        const mapped = mapRegistryHeader(record);
        if (!mapped.ok) {
          const missing = mapped.missing.map((field) => `«${REGISTRY_FIELD_NAMES_UK[field]}»`);
          throw fileProblem(
            'MISSING_COLUMNS',
            `у заголовку файлу немає обов'язкових стовпців: ${missing.join(', ')}`,
          );
        }
        columns = mapped.columns;
        continue;
      }
      ordinal += 1;
      yield {
        line: info.lines,
        ordinal,
        accountNumber: cell(record, 'accountNumber'),
        amount: cell(record, 'amount'),
        paidAt: cell(record, 'paidAt'),
        payer: cell(record, 'payer'),
        reference: cell(record, 'reference'),
      };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw fileProblem(
        'MALFORMED',
        `файл не читається як CSV${line ? ` (рядок ${line})` : ''}: ${error.message}`,
      );
    }
    throw error;
  } finally {
    source.unpipe(parser);
    source.destroy();
    parser.destroy();
  }
  if (!columns) throw fileProblem('EMPTY', 'файл порожній');
}
