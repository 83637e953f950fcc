/**
 * The numbers of resident sign-in (docs/auth.md repeats them). Pure constants: safe anywhere.
 */
export const SIGN_IN_POLICY = {
  /** Failed attempts on one account (both methods together) that lock its sign-in… */
  maxFailures: 5,
  /** …when they fall within this many minutes… */
  failureWindowMinutes: 15,
  /** …for this many minutes after the failure that reached the limit. */
  lockMinutes: 15,
  /** Sign-in attempts (both methods) per client (hashed IP) per window. */
  clientAttemptLimit: 100,
  clientAttemptWindowSeconds: 15 * 60,
  /** One-time codes: lifetime, guesses per code, sends per account and per client. */
  codeTtlMinutes: 10,
  codeMaxAttempts: 5,
  codeSendsPerMinute: 1,
  codeSendsPerHour: 5,
  clientCodeSendsPerHour: 10,
} as const;

export type SignInPolicy = typeof SIGN_IN_POLICY;
