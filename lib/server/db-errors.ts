/**
 * One-line explanations for the ways a database connection commonly fails, so that start-up
 * and scripts say what is wrong instead of printing a stack trace alone.
 */
function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Host and database of a URL, without credentials. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function describeDatabaseError(error: unknown, url: string): string {
  const where = redactDatabaseUrl(url);
  const code = errorCode(error);
  const message = errorMessage(error);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message))
    return `cannot reach PostgreSQL at ${where}: connection refused (is the server running?)`;
  if (code === 'ENOTFOUND' || /ENOTFOUND|EAI_AGAIN/.test(message))
    return `cannot reach PostgreSQL at ${where}: unknown host`;
  if (code === 'ETIMEDOUT' || /timeout/i.test(message))
    return `cannot reach PostgreSQL at ${where}: connection timed out`;
  if (code === '3D000') return `database does not exist at ${where} (create it with createdb)`;
  if (code === '28P01' || code === '28000') return `PostgreSQL at ${where} refused the credentials`;
  if (/Invalid URL|invalid connection string/i.test(message))
    return `DATABASE_URL is not a valid PostgreSQL URL`;
  return `database error at ${where}: ${message.split('\n')[0]}`;
}
