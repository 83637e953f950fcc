/**
 * Where to go after signing in: only a path on this site ("/account/statement?month=2026-10"),
 * never another origin ("//evil.example", "https://…", "/\\evil"), never back to sign-in.
 */
export function safeReturnPath(back: unknown, fallback = '/account'): string {
  if (typeof back !== 'string' || back.length > 512) return fallback;
  if (!/^\/(?![/\\])[^\s\\]*$/.test(back)) return fallback;
  if (/^\/sign-in(?:[/?#]|$)/.test(back) || /^\/api\//.test(back)) return fallback;
  return back;
}
