/**
 * One CSV cell, safe to open in a spreadsheet: quoted when it holds a comma, a quote or a line
 * break (RFC 4180), and a cell that would start a formula (`=`, `+`, `-`, `@`, tab, CR) gets a
 * leading apostrophe (OWASP's CSV-injection advice) — unless it is a plain number or an
 * E.164 phone number, which no spreadsheet runs and which a dialer must read unchanged.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
