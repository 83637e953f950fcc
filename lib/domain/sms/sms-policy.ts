/**
 * The numbers of SMS instead of calls (DESIGN rule 4; docs/sms.md repeats them). The opt-in
 * code follows the sign-in code's limits: 10 minutes, 5 guesses, 1 send a minute and 5 an
 * hour per account, 10 an hour per client.
 */
export const SMS_POLICY = {
  /** At most one reminder per account in this many days (7 × 24 h of elapsed time). */
  reminderIntervalDays: 7,
  /** A pay link in a reminder opens the pay page for this long. */
  payLinkTtlDays: 14,
  /** Reminders claimed by a send loop at a time. */
  sendBatchSize: 500,
  /** A reminder planned this long ago and still unsent is stale: skipped, planned afresh. */
  staleAfterMinutes: 120,
} as const;
