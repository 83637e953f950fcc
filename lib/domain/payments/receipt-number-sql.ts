/**
 * The receipt number format, stated once: `KP-<Kyiv year of payment>-<8+ digits>`, the digits
 * from the database sequence `payment_receipt_seq`, so numbers are unique across every writer
 * (webhook, seed, future imports). `kyivLocalTime` is an SQL expression of type `timestamp`
 * (without time zone) holding the payment's Kyiv wall-clock time.
 */
export function receiptNumberSql(kyivLocalTime: string): string {
  return `'KP-' || to_char(${kyivLocalTime}, 'YYYY') || '-' || lpad(nextval('payment_receipt_seq')::text, 8, '0')`;
}

/** Matches every receipt number receiptNumberSql produces. */
export const RECEIPT_NUMBER_PATTERN = /^KP-\d{4}-\d{8,}$/;
