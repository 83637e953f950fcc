/**
 * A start-up failure the user can act on. Its message is ONE line, printed as is (no stack):
 * it names the setting or resource at fault and, where there is one, the way out.
 */
export class StartupError extends Error {
  /** `cause` keeps the original error for START_DEBUG=1, which prints its stack too. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message.split('\n')[0], options);
    this.name = 'StartupError';
  }
}

/** The first line of any thrown value, for wrapping third-party errors into one line. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
