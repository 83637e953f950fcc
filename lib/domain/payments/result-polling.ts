/**
 * How long the page a payer returns to from checkout keeps asking whether the payment has been
 * booked. It refreshes itself (a meta refresh, no JavaScript needed) every
 * RESULT_REFRESH_SECONDS while it waits, counting its refreshes in the URL (`wait=N`). After
 * RESULT_MAX_REFRESHES (a minute) it stops and says plainly that no confirmation has come yet:
 * a session that was never paid must not spin for ever.
 */
export const RESULT_REFRESH_SECONDS = 3;
export const RESULT_MAX_REFRESHES = 20;

/** The refreshes so far, from the `wait` query parameter: anything odd counts as none. */
export function parseWaitCount(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw)) return 0;
  return Math.min(Number(raw), RESULT_MAX_REFRESHES);
}

/** The `wait` of the next refresh, or null when the page should stop refreshing. */
export function nextWaitCount(wait: number): number | null {
  return wait < RESULT_MAX_REFRESHES ? wait + 1 : null;
}
