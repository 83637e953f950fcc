import 'server-only';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/**
 * Reads a request body as bytes, refusing (without buffering the rest) once it exceeds `limit`
 * bytes, whatever Content-Length claims.
 */
export async function readBodyBytesWithLimit(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** readBodyBytesWithLimit as UTF-8 text. */
export async function readBodyWithLimit(request: Request, limit: number): Promise<string> {
  return (await readBodyBytesWithLimit(request, limit)).toString('utf8');
}
