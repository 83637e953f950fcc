/** Largest console form accepted (dispute answers are at most a few thousand characters). */
const MAX_FORM_BYTES = 64 * 1024;

/**
 * What every console form post must be before anything is read: from this site (the Origin
 * header names this host; without Origin, Sec-Fetch-Site says same-origin), a form, and small.
 * Returns the refusal, or null to go on. (The staff cookie is SameSite=Strict as well.)
 */
export function staffFormGuard(request: Request): Response | null {
  const host = request.headers.get('host');
  const origin = request.headers.get('origin');
  let sameSite = false;
  if (origin !== null) {
    try {
      sameSite = host !== null && new URL(origin).host === host;
    } catch {
      sameSite = false;
    }
  } else {
    sameSite = request.headers.get('sec-fetch-site') === 'same-origin';
  }
  if (!sameSite) return refuse(403, 'Forbidden: a console form must be posted from the console.');
  const type = request.headers.get('content-type') ?? '';
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  ) {
    return refuse(400, 'Bad request: console actions are posted as forms.');
  }
  const declared = request.headers.get('content-length');
  if (declared === null) return refuse(411, 'Length required: post the form with its length.');
  const length = Number(declared);
  if (!Number.isFinite(length) || length > MAX_FORM_BYTES) {
    return refuse(413, 'Payload too large: the form is over 64 KB.');
  }
  return null;
}

function refuse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
