import { SIGN_IN_POLICY } from './policy';

export type SignInAttemptRecord = { at: Date; succeeded: boolean };

export type LockoutRules = {
  maxFailures: number;
  failureWindowMinutes: number;
  lockMinutes: number;
};

export type SignInLock = { locked: false } | { locked: true; unlocksAt: Date };

/** How far back attempts must be read to see every lock and delay still in force. */
export function lockoutLookbackMs(
  rules: LockoutRules & AccountDelayRules = SIGN_IN_POLICY,
): number {
  return Math.max(
    (rules.failureWindowMinutes + rules.lockMinutes) * 60_000 * 2,
    rules.accountDelayWindowHours * 3600_000,
  );
}

/** The replay both answers share: when the lock (if any) ends, and the failures counting now. */
function replayAttempts(
  attempts: readonly SignInAttemptRecord[],
  now: Date,
  rules: LockoutRules,
): { lockedUntil: number; failures: number } {
  const windowMs = rules.failureWindowMinutes * 60_000;
  const lockMs = rules.lockMinutes * 60_000;
  const sorted = [...attempts]
    .filter((attempt) => attempt.at.getTime() <= now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  let lockedUntil = Number.NEGATIVE_INFINITY;
  let failures: number[] = [];
  for (const attempt of sorted) {
    const at = attempt.at.getTime();
    if (at < lockedUntil) continue;
    if (attempt.succeeded) {
      failures = [];
      continue;
    }
    failures = failures.filter((failedAt) => failedAt > at - windowMs);
    failures.push(at);
    if (failures.length >= rules.maxFailures) {
      lockedUntil = at + lockMs;
      failures = [];
    }
  }
  const counting = failures.filter((failedAt) => failedAt > now.getTime() - windowMs).length;
  return { lockedUntil, failures: counting };
}

/**
 * Replays an account's sign-in attempts (any order) and says whether sign-in is locked at `now`.
 * The rules: `maxFailures` failures within `failureWindowMinutes` lock the account for
 * `lockMinutes` from the failure that reached the limit; a success clears the failures counted
 * so far; attempts made while locked are recorded but do not extend the lock (else anyone could
 * keep a resident locked out for ever by guessing once every few minutes).
 */
export function computeSignInLock(
  attempts: readonly SignInAttemptRecord[],
  now: Date,
  rules: LockoutRules = SIGN_IN_POLICY,
): SignInLock {
  const { lockedUntil } = replayAttempts(attempts, now, rules);
  return now.getTime() < lockedUntil
    ? { locked: true, unlocksAt: new Date(lockedUntil) }
    : { locked: false };
}

/**
 * How many more failures the same attempts allow before the lock (0 while locked): what the
 * sign-in form tells a resident after a wrong code, by the same replay as computeSignInLock.
 */
export function remainingSignInAttempts(
  attempts: readonly SignInAttemptRecord[],
  now: Date,
  rules: LockoutRules = SIGN_IN_POLICY,
): number {
  const { lockedUntil, failures } = replayAttempts(attempts, now, rules);
  if (now.getTime() < lockedUntil) return 0;
  return Math.max(0, rules.maxFailures - failures);
}

export type AccountDelayRules = {
  accountFreeBillCodeFailures: number;
  accountDelayWindowHours: number;
  maxDelayMinutes: number;
};

/**
 * The progressive per-account delay against distributed guessing (all clients together):
 * failures since the account's last success within the window; from the
 * `accountFreeBillCodeFailures`-th on, the next attempt must wait 2^(n − free) minutes (at most
 * `maxDelayMinutes`) after the latest failure. A delay, never a lock that outlives it.
 */
export function computeAccountDelay(
  attempts: readonly SignInAttemptRecord[],
  now: Date,
  rules: AccountDelayRules = SIGN_IN_POLICY,
): SignInLock {
  const since = now.getTime() - rules.accountDelayWindowHours * 3600_000;
  const recent = attempts
    .filter((attempt) => attempt.at.getTime() > since && attempt.at.getTime() <= now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  let failures = 0;
  let until = Number.NEGATIVE_INFINITY;
  for (const attempt of recent) {
    const at = attempt.at.getTime();
    if (attempt.succeeded) {
      failures = 0;
      until = Number.NEGATIVE_INFINITY;
      continue;
    }
    // Attempts made during a delay were refused unchecked: they neither count nor extend it.
    if (at < until) continue;
    failures += 1;
    if (failures >= rules.accountFreeBillCodeFailures) {
      const minutes = Math.min(
        2 ** (failures - rules.accountFreeBillCodeFailures),
        rules.maxDelayMinutes,
      );
      until = at + minutes * 60_000;
    }
  }
  return now.getTime() < until ? { locked: true, unlocksAt: new Date(until) } : { locked: false };
}

/** The later of two locks (or none). */
export function laterLock(a: SignInLock, b: SignInLock): SignInLock {
  if (!a.locked) return b;
  if (!b.locked) return a;
  return a.unlocksAt.getTime() >= b.unlocksAt.getTime() ? a : b;
}
