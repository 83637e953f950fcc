import { describe, expect, it } from 'vitest';
import { windows1251 } from '@/test/windows-1251';
import { isAppError } from '../app-error';
import { inspectRegistry } from './inspect-registry';
import { readRegistryRows } from './read-registry-rows';
import { foldHeader, mapRegistryHeader } from './registry-columns';
import { detectDelimiter } from './registry-delimiter';
import { byteChunks, decodeRegistry } from './registry-encoding';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function rows(bytes: Uint8Array, encoding: 'utf-8' | 'windows-1251', chunk = 7) {
  const found = [];
  const delimiter = detectDelimiter(new TextDecoder(encoding).decode(bytes).split('\n')[0] ?? '');
  for await (const row of readRegistryRows(
    decodeRegistry(byteChunks(bytes, chunk), encoding),
    delimiter,
  )) {
    found.push(row);
  }
  return found;
}

async function problem(bytes: Uint8Array) {
  try {
    await inspectRegistry(bytes);
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'file') {
      return { problem: error.details.problem, message: error.message };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the registry header', () => {
  it.each([
    ['Особовий рахунок', 'особовий рахунок'],
    ['\uFEFFРахунок', 'рахунок'],
    ['  BANK_REFERENCE ', 'bank reference'],
    ['paid_at', 'paid at'],
    ['Лицевой  счёт', 'лицевой счет'],
    ['№ рахунку', 'рахунку'],
  ])('folds %j to %j', (cell, folded) => {
    expect(foldHeader(cell)).toBe(folded);
  });

  it('maps Ukrainian and English names in any order, ignoring other columns', () => {
    expect(mapRegistryHeader(['Дата', 'Примітка', 'Сума', 'Особовий рахунок', 'Референс'])).toEqual(
      {
        ok: true,
        columns: { accountNumber: 3, amount: 2, paidAt: 0, payer: null, reference: 4 },
      },
    );
    expect(mapRegistryHeader(['account', 'amount', 'date', 'payer', 'reference'])).toEqual({
      ok: true,
      columns: { accountNumber: 0, amount: 1, paidAt: 2, payer: 3, reference: 4 },
    });
  });

  it('names the required columns that are missing (the payer is optional)', () => {
    expect(mapRegistryHeader(['рахунок', 'платник', 'сума'])).toEqual({
      ok: false,
      missing: ['paidAt', 'reference'],
    });
  });

  it.each([
    ['рахунок;сума;дата;референс', ';'],
    ['account,amount,date,reference', ','],
    ['"рахунок, особовий";сума;дата;референс', ';'],
    ['рахунок', ';'],
  ])('%j is delimited by %j', (line, delimiter) => {
    expect(detectDelimiter(line)).toBe(delimiter);
  });
});

describe('reading a registry', () => {
  const text = [
    'Рахунок;Сума;Дата;Платник;Референс',
    '1111111116;1234,56;30.11.2026;Мельник Світлана;PB-1',
    '',
    '2222222222;"1 000,00";2026-11-29;"ТОВ ""Ромашка"", бухгалтерія";PB-2',
    ';;;;',
    '3333333338;50',
    '',
  ].join('\r\n');

  it('streams rows in Windows-1251 with ; (a chunk may end mid-row), with their lines', async () => {
    const found = await rows(windows1251(text), 'windows-1251');
    expect(found).toEqual([
      {
        line: 2,
        ordinal: 1,
        accountNumber: '1111111116',
        amount: '1234,56',
        paidAt: '30.11.2026',
        payer: 'Мельник Світлана',
        reference: 'PB-1',
      },
      {
        line: 4,
        ordinal: 2,
        accountNumber: '2222222222',
        amount: '1 000,00',
        paidAt: '2026-11-29',
        payer: 'ТОВ "Ромашка", бухгалтерія',
        reference: 'PB-2',
      },
      // A short row: the missing cells are empty (validation refuses it).
      {
        line: 6,
        ordinal: 3,
        accountNumber: '3333333338',
        amount: '50',
        paidAt: '',
        payer: '',
        reference: '',
      },
    ]);
  });

  it('reads the same from UTF-8 with a BOM, whatever the chunks split (even inside a letter)', async () => {
    const bytes = utf8(`\uFEFF${text}`);
    for (const chunk of [1, 2, 3, 64 * 1024]) {
      expect(await rows(bytes, 'utf-8', chunk)).toEqual(
        await rows(windows1251(text), 'windows-1251'),
      );
    }
  });

  it('detects the encoding, the delimiter and counts the rows', async () => {
    expect(await inspectRegistry(windows1251(text))).toEqual({
      encoding: 'windows-1251',
      delimiter: ';',
      rowsTotal: 3,
    });
    expect(
      await inspectRegistry(
        utf8('\uFEFFaccount,amount,date,payer,reference\n1111111116,10.5,2026-11-01,,R1\n'),
      ),
    ).toEqual({ encoding: 'utf-8', delimiter: ',', rowsTotal: 1 });
  });

  it('refuses an empty file, a header alone, a header without the columns, and broken CSV', async () => {
    expect(await problem(new Uint8Array())).toMatchObject({ problem: 'EMPTY' });
    expect(await problem(utf8('\n\n'))).toMatchObject({ problem: 'EMPTY' });
    expect(await problem(utf8('рахунок;сума;дата;референс\r\n'))).toMatchObject({
      problem: 'EMPTY',
    });
    expect(await problem(utf8('рахунок;сума\n1111111116;10\n'))).toEqual({
      problem: 'MISSING_COLUMNS',
      message: "у заголовку файлу немає обов'язкових стовпців: «дата», «референс»",
    });
    expect(
      await problem(utf8(`рахунок;сума;дата;референс\n1111111116;"10;${'x'.repeat(70_000)}\n`)),
    ).toMatchObject({ problem: 'MALFORMED' });
  });
});
