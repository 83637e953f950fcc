/**
 * Why an uploaded payment registry is refused as a whole, before anything is written: an empty
 * file (or a header without rows), a file over IMPORT_MAX_BYTES, a header without the required
 * columns, or text that is not CSV (an unclosed quote).
 */
export type RegistryFileProblem = 'EMPTY' | 'TOO_LARGE' | 'MISSING_COLUMNS' | 'MALFORMED';
