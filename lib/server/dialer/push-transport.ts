import 'server-only';
import type { PushTransport } from '../../domain/dialer/deliver-dialer-push';

/** Characters of the receiver's answer kept (for the delivery log of a failure). */
const ANSWER_CHARS = 500;

/**
 * The dialer push's HTTP POST (docs/dialer-push.md): one request with the whole exchange, body
 * included, bounded by `timeoutMs`. Redirects are not followed (a 3xx is a failure: the
 * signature is for the registered URL only). Resolves with the status and the start of the
 * answer; rejects when no answer came (timeout, refused connection, TLS error).
 */
export const postDialerPush: PushTransport = async ({ url, headers, body, timeoutMs }) => {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal,
      cache: 'no-store',
    });
    return { status: response.status, body: await readStart(response) };
  } catch (error) {
    if (signal.aborted) throw new Error(`no answer within ${timeoutMs / 1000} s (timeout)`);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
    throw new Error(
      cause ? `${(error as Error).message}: ${cause.message}` : String((error as Error).message),
    );
  }
};

/** The first ANSWER_CHARS characters of the answer; the rest is not read. */
async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ANSWER_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.slice(0, ANSWER_CHARS);
}
