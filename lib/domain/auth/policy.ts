/**
 * The numbers of resident sign-in (docs/auth.md repeats them). Pure constants: safe anywhere.
 */
export const SIGN_IN_POLICY = {
  /**
   * Failed attempts on one account FROM ONE CLIENT (both methods together) that lock that
   * client out of that account… (an attacker elsewhere cannot lock the resident out)
   */
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
  /**
   * Distributed guessing of one account's bill code (from many clients): after this many
   * failed bill-code attempts since its last successful sign-in (within 24 h), each further
   * bill-code attempt must wait 1, 2, 4, … minutes (at most `maxDelayMinutes`) after the
   * previous failure. The SMS-code sign-in is not delayed: it is the resident's way through.
   */
  accountFreeBillCodeFailures: 20,
  accountDelayWindowHours: 24,
  maxDelayMinutes: 60,
  /** Failed bill-code attempts city-wide per hour before bill-code sign-in pauses (SMS works). */
  globalBillCodeFailuresPerHour: 2000,
} as const;

export type SignInPolicy = typeof SIGN_IN_POLICY;
