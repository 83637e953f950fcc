/**
 * Messages the embedded-database child sends its parent over the IPC channel.
 * Kept in one module so that both sides agree on the shape and the parent narrows
 * untrusted input with `isEmbeddedDbMessage` instead of casting.
 */
export type TEmbeddedDbMessage =
  | { type: 'ready'; port: number }
  /** PGlite could not open the data folder: the folder exists but is not a usable database. */
  | { type: 'open-failed'; reason: string }
  /** Anything else that stopped the server from starting (e.g. the socket could not listen). */
  | { type: 'start-failed'; reason: string };

export function isEmbeddedDbMessage(value: unknown): value is TEmbeddedDbMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return typeof message.port === 'number';
    case 'open-failed':
    case 'start-failed':
      return typeof message.reason === 'string';
    default:
      return false;
  }
}

/** Folder inside DATA_DIR that PGlite owns. */
export const PGLITE_SUBDIR = 'pglite';
/** Log of the embedded database child, inside DATA_DIR. */
export const EMBEDDED_DB_LOG = 'embedded-db.log';
