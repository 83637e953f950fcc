/** A registry's cells are separated by `;` (what Excel writes in Ukraine) or `,`. */
export type RegistryDelimiter = ';' | ',';

/**
 * The delimiter of a registry, from its header line: the one of `;` and `,` that occurs more
 * often outside quotes (`;` on a tie, or when neither does: a one-column file then lacks the
 * required columns anyway).
 */
export function detectDelimiter(headerLine: string): RegistryDelimiter {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}

/** The first non-blank line of a text's beginning (a BOM dropped). */
export function firstLine(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\n|\r/)
      .find((line) => line.trim() !== '') ?? ''
  );
}
