import { SIGN_IN_POLICY } from './policy';

export type SignInAttemptRecord = { at: Date; succeeded: boolean };

export type LockoutRules = {
  maxFailures: number;
  failureWindowMinutes: number;
  lockMinutes: number;
};

export type SignInLock = { locked: false } | { locked: true; unlocksAt: Date };

/** How far back attempts must be read for computeSignInLock to see every lock still in force. */
export function lockoutLookbackMs(rules: LockoutRules = SIGN_IN_POLICY): number {
  return (rules.failureWindowMinutes + rules.lockMinutes) * 60_000 * 2;
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
  return now.getTime() < lockedUntil
    ? { locked: true, unlocksAt: new Date(lockedUntil) }
    : { locked: false };
}
