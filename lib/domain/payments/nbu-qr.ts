/**
 * The National Bank of Ukraine's payment QR code for credit transfers, format 003 (NBU Board
 * Resolution No. 97 of 19 August 2025, in force from 1 November 2025): any Ukrainian banking
 * app that scans it opens a transfer with the payee, account, code, amount and purpose filled.
 *
 * The code holds a URL: `https://qr.bank.gov.ua/` followed by the base64url (no padding) of
 * the data, 17 fields in this order separated by LF, empty where not used:
 *   1 service mark `BCD`, 2 format `003`, 3 encoding `1` (UTF-8), 4 function `UCT` (credit
 *   transfer), 5 unique recipient id, 6 recipient name, 7 IBAN, 8 amount (`UAH` + hryvnias,
 *   kopecks only when not zero, no trailing zero: `UAH6560.82`, `UAH123.4`, `UAH100`),
 *   9 recipient code (ЄДРПОУ), 10 category purpose, 11 reference, 12 purpose of payment,
 *   13 display text, 14 field lock, 15 invoice valid until, 16 invoice created, 17 signature.
 * The picture uses error correction M.
 */
export const NBU_QR_BASE_URL = 'https://qr.bank.gov.ua/';

export type NbuQrTransfer = {
  recipient: string;
  iban: string;
  /** ЄДРПОУ (8 digits) or РНОКПП (10). */
  recipientCode: string;
  purpose: string;
  /** Omitted: the payer types the amount. */
  amountKopecks?: number;
  display?: string;
};

export const NBU_QR_FIELDS = [
  'serviceMark',
  'format',
  'encoding',
  'function',
  'uniqueRecipientId',
  'recipient',
  'iban',
  'amount',
  'recipientCode',
  'categoryPurpose',
  'reference',
  'purpose',
  'display',
  'fieldLock',
  'validUntil',
  'createdAt',
  'signature',
] as const;

export type NbuQrFields = Record<(typeof NBU_QR_FIELDS)[number], string>;

/** `UAH` + hryvnias, kopecks only when not zero and without a trailing zero. */
export function nbuQrAmount(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks <= 0 || kopecks > 99_999_999_999) {
    throw new RangeError(`not a payable amount in kopecks: ${kopecks}`);
  }
  const hryvnias = Math.floor(kopecks / 100);
  const cents = kopecks % 100;
  if (cents === 0) return `UAH${hryvnias}`;
  return `UAH${hryvnias}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** The data and the URL a bill's QR code holds; refuses what a bank would refuse. */
export function nbuQrPayload(transfer: NbuQrTransfer): { data: string; url: string } {
  const iban = transfer.iban.replace(/\s/g, '').toUpperCase();
  if (!/^UA\d{27}$/.test(iban)) throw new RangeError(`not a Ukrainian IBAN: ${transfer.iban}`);
  if (!/^(\d{8}|\d{10})$/.test(transfer.recipientCode)) {
    throw new RangeError(`not an ЄДРПОУ or РНОКПП code: ${transfer.recipientCode}`);
  }
  const recipient = transfer.recipient.trim();
  if (recipient === '' || recipient.length > 140) {
    throw new RangeError('the recipient name must be 1–140 characters');
  }
  const purpose = transfer.purpose.trim();
  if (purpose === '' || purpose.length > 420) {
    throw new RangeError('the purpose must be 1–420 characters');
  }
  const fields: NbuQrFields = {
    serviceMark: 'BCD',
    format: '003',
    encoding: '1',
    function: 'UCT',
    uniqueRecipientId: '',
    recipient,
    iban,
    amount: transfer.amountKopecks === undefined ? '' : nbuQrAmount(transfer.amountKopecks),
    recipientCode: transfer.recipientCode,
    categoryPurpose: '',
    reference: '',
    purpose,
    display: (transfer.display ?? '').slice(0, 140),
    fieldLock: '',
    validUntil: '',
    createdAt: '',
    signature: '',
  };
  const data = NBU_QR_FIELDS.map((name) => fields[name].replace(/[\r\n]+/g, ' ')).join('\n');
  return { data, url: `${NBU_QR_BASE_URL}${Buffer.from(data, 'utf8').toString('base64url')}` };
}

/** Reads a QR URL back into its fields (tests, and anyone checking a printed bill). */
export function parseNbuQrUrl(url: string): NbuQrFields {
  if (!url.startsWith(NBU_QR_BASE_URL)) throw new RangeError(`not an NBU QR URL: ${url}`);
  const data = Buffer.from(url.slice(NBU_QR_BASE_URL.length), 'base64url').toString('utf8');
  const values = data.split('\n');
  if (values.length !== NBU_QR_FIELDS.length) {
    throw new RangeError(`expected ${NBU_QR_FIELDS.length} fields, got ${values.length}`);
  }
  return Object.fromEntries(NBU_QR_FIELDS.map((name, i) => [name, values[i] ?? ''])) as NbuQrFields;
}
