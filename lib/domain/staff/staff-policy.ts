/**
 * The console's configurable rules, passed in from lib/server/env.ts (`getStaffPolicy`): there is
 * no default below the entry points.
 */
export type StaffPolicy = {
  /** A dispute must be answered within this many working days of being opened (default 15). */
  disputeDueWorkingDays: number;
  /** Adjustments whose absolute amount exceeds this wait for a SUPERVISOR (default 100 000 = 1,000.00 UAH). */
  adjustmentApprovalKopecks: number;
  /** A staff session ends after this many idle minutes (default 30). */
  idleMinutes: number;
};

/** The longest a staff session lasts however active it is. */
export const STAFF_SESSION_MAX_HOURS = 12;

/** Longest texts accepted from residents and staff (dispute descriptions, replies, notes). */
export const MAX_DISPUTE_TEXT = 4000;
export const MAX_STAFF_NOTE = 2000;
