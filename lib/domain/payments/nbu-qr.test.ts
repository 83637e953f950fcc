import { describe, expect, it } from 'vitest';
import { NBU_QR_BASE_URL, nbuQrAmount, nbuQrPayload, parseNbuQrUrl } from './nbu-qr';

const TRANSFER = {
  recipient: 'КП «Житлосервіс»',
  iban: 'UA21 3223 1300 0002 6007 2335 6600 1',
  recipientCode: '12345678',
  purpose: 'Оплата послуг з утримання будинку, о/р 1111111116, листопад 2026',
  amountKopecks: 656_082,
};

describe('the NBU payment QR code, format 003', () => {
  it.each([
    [656_082, 'UAH6560.82'],
    [12_340, 'UAH123.4'],
    [10_000, 'UAH100'],
    [1, 'UAH0.01'],
    [10, 'UAH0.1'],
  ])('%i kopecks → %s', (kopecks, text) => {
    expect(nbuQrAmount(kopecks)).toBe(text);
  });

  it('holds the 17 fields in order, LF-separated, behind the NBU URL (hand-written)', () => {
    const { data, url } = nbuQrPayload(TRANSFER);
    expect(data).toBe(
      [
        'BCD',
        '003',
        '1',
        'UCT',
        '',
        'КП «Житлосервіс»',
        'UA213223130000026007233566001',
        'UAH6560.82',
        '12345678',
        '',
        '',
        'Оплата послуг з утримання будинку, о/р 1111111116, листопад 2026',
        '',
        '',
        '',
        '',
        '',
      ].join('\n'),
    );
    expect(url.startsWith(NBU_QR_BASE_URL)).toBe(true);
    expect(url.slice(NBU_QR_BASE_URL.length)).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
    expect(Buffer.from(url.slice(NBU_QR_BASE_URL.length), 'base64url').toString('utf8')).toBe(data);
  });

  it('reads back what it wrote', () => {
    expect(parseNbuQrUrl(nbuQrPayload(TRANSFER).url)).toMatchObject({
      format: '003',
      function: 'UCT',
      recipient: TRANSFER.recipient,
      iban: 'UA213223130000026007233566001',
      amount: 'UAH6560.82',
      recipientCode: '12345678',
      purpose: TRANSFER.purpose,
    });
  });

  it('leaves the amount empty when the payer types it, and flattens line breaks', () => {
    const fields = parseNbuQrUrl(
      nbuQrPayload({ ...TRANSFER, amountKopecks: undefined, purpose: 'рядок\nдругий' }).url,
    );
    expect(fields.amount).toBe('');
    expect(fields.purpose).toBe('рядок другий');
  });

  it.each([
    ['a foreign IBAN', { iban: 'DE89370400440532013000' }],
    ['a short code', { recipientCode: '1234567' }],
    ['no purpose', { purpose: '  ' }],
    ['a zero amount', { amountKopecks: 0 }],
    ['no recipient', { recipient: '' }],
  ])('refuses %s', (_, change) => {
    expect(() => nbuQrPayload({ ...TRANSFER, ...change })).toThrow(RangeError);
  });
});
