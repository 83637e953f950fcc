/**
 * The columns of a bank or post-office payment registry and the header names each may have
 * (docs/payment-imports.md). Header cells are compared folded: case, surrounding spaces,
 * underscores and repeated spaces, `ё`/`е` and apostrophes do not matter. The payer column is
 * optional; the other four are required. Columns may come in any order; others are ignored.
 */
export type RegistryField = 'accountNumber' | 'amount' | 'paidAt' | 'payer' | 'reference';

export const REGISTRY_FIELDS: readonly RegistryField[] = [
  'accountNumber',
  'amount',
  'paidAt',
  'payer',
  'reference',
];

export const REQUIRED_REGISTRY_FIELDS: readonly RegistryField[] = [
  'accountNumber',
  'amount',
  'paidAt',
  'reference',
];

/** Accepted header names per column, already folded (see foldHeader). */
export const REGISTRY_HEADER_NAMES: Readonly<Record<RegistryField, readonly string[]>> = {
  accountNumber: [
    'рахунок',
    'особовий рахунок',
    'номер рахунку',
    'номер особового рахунку',
    'ос рахунок',
    'лицевой счет',
    'счет',
    'account',
    'account number',
    'account no',
  ],
  amount: ['сума', 'сума грн', 'сума платежу', 'сумма', 'amount', 'amount uah'],
  paidAt: ['дата', 'дата оплати', 'дата платежу', 'дата сплати', 'date', 'paid at', 'payment date'],
  payer: ['платник', 'піб платника', 'піб', 'плательщик', 'payer', 'payer name'],
  reference: [
    'референс',
    'референс платежу',
    'номер платежу',
    'ідентифікатор платежу',
    'reference',
    'bank reference',
    'payment reference',
  ],
};

/** Ukrainian names of the columns, for messages to staff. */
export const REGISTRY_FIELD_NAMES_UK: Readonly<Record<RegistryField, string>> = {
  accountNumber: 'рахунок',
  amount: 'сума',
  paidAt: 'дата',
  payer: 'платник',
  reference: 'референс',
};

/** A header cell as compared: lower case, `_` and runs of spaces as one space, ё → е, no ' ’ ʼ. */
export function foldHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’ʼ`.№#]/g, '')
    .replace(/[\s_]+/g, ' ')
    .trim();
}

export type RegistryColumns = Readonly<Record<RegistryField, number | null>>;

export type MappedHeader =
  | { ok: true; columns: RegistryColumns }
  | { ok: false; missing: RegistryField[] };

/** Which cell of a row holds each column, from the header row; the first match wins. */
export function mapRegistryHeader(header: readonly string[]): MappedHeader {
  const columns: Record<RegistryField, number | null> = {
    accountNumber: null,
    amount: null,
    paidAt: null,
    payer: null,
    reference: null,
  };
  header.forEach((cell, index) => {
    const folded = foldHeader(cell);
    for (const field of REGISTRY_FIELDS) {
      if (columns[field] === null && REGISTRY_HEADER_NAMES[field].includes(folded)) {
        columns[field] = index;
      }
    }
  });
  const missing = REQUIRED_REGISTRY_FIELDS.filter((field) => columns[field] === null);
  return missing.length > 0 ? { ok: false, missing } : { ok: true, columns };
}
