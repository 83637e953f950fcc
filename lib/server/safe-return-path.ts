/**
 * Redirect safety, in one place: a "back" parameter may only name a path on this site
 * ("/account/statement?month=2026-10"), never another origin ("//evil.example", "https://…",
 * "/\\evil"), and is bounded in length. Anything else falls back.
 */
export function sameSitePath(back: unknown, fallback: string): string {
  if (typeof back !== 'string' || back.length > 512) return fallback;
  // Printable ASCII only: a non-ASCII character cannot go into a Location header as it is.
  return /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(back) ? back : fallback;
}

/** Where to go after signing in: a same-site path, never back to sign-in or into the API. */
export function safeReturnPath(back: unknown, fallback = '/account'): string {
  const path = sameSitePath(back, fallback);
  if (/^\/sign-in(?:[/?#]|$)/.test(path) || /^\/api\//.test(path)) return fallback;
  return path;
}
