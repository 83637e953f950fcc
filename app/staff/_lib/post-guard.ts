/** Largest console form accepted (dispute answers are at most a few thousand characters). */
const MAX_FORM_BYTES = 64 * 1024;

/** How large a form a guard accepts, and what it answers above that (413). */
export type FormLimit = { bytes: number; tooLarge: string };

const CONSOLE_FORM_LIMIT: FormLimit = {
  bytes: MAX_FORM_BYTES,
  tooLarge: 'Payload too large: the form is over 64 KB.',
};

/**
 * What every console form post must be before anything is read: from this site (the Origin
 * header names this host; without Origin, Sec-Fetch-Site says same-origin), a form, and small.
 * Returns the refusal, or null to go on. (The staff cookie is SameSite=Strict as well.) An upload
 * route passes its own limit.
 */
export function staffFormGuard(
  request: Request,
  limit: FormLimit = CONSOLE_FORM_LIMIT,
): Response | null {
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
  if (!Number.isFinite(length) || length > limit.bytes) return refuse(413, limit.tooLarge);
  return null;
}

export function refuse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
