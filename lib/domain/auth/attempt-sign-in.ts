import 'server-only';
import type { PrismaClient, Tx } from '../../server/db';
import type { SignInMethod } from '../../server/generated/prisma/enums';
import { type AccountNumberScheme, parseAccountNumber } from '../accounts/account-number';
import { AppError } from '../app-error';
import { consumeRateLimit, readRateLimit } from '../rate-limit/consume-rate-limit';
import {
  computeAccountDelay,
  computeSignInLock,
  laterLock,
  lockoutLookbackMs,
  remainingSignInAttempts,
  type SignInLock,
} from './lockout';
import { SIGN_IN_POLICY } from './policy';

/** The account a resident has proved they may see. */
export type SignInSubject = { accountId: number; accountNumber: string };

export type LockedAccount = { id: number; number: string; billAccessCodeHash: string };

type Outcome =
  | { kind: 'ok'; subject: SignInSubject }
  | { kind: 'invalid'; remainingAttempts?: number }
  | { kind: 'locked'; unlocksAt: Date };

/**
 * Thrown for any wrong number or secret: one message, whatever was wrong (no enumeration), with
 * how many more failures this client has before its lock on that number. A well-formed number
 * that matches no account counts down exactly like a real one, so the count reveals nothing.
 */
export function invalidCredentials(remainingAttempts?: number): AppError {
  return new AppError('UNAUTHORIZED', 'account number or code is wrong', {
    reason: 'INVALID',
    ...(remainingAttempts === undefined ? {} : { remainingAttempts }),
  });
}

export function signInLocked(unlocksAt: Date): AppError {
  return new AppError('RATE_LIMITED', 'sign-in to this account is locked for a while', {
    reason: 'LOCKED',
    unlocksAt,
  });
}

/** Counts one sign-in attempt (either method) against the client's budget. */
export async function consumeClientSignInBudget(
  db: PrismaClient,
  options: { clientKey: string; now: Date },
): Promise<void> {
  const limit = await consumeRateLimit(db, {
    key: `sign-in:client:${options.clientKey}`,
    limit: SIGN_IN_POLICY.clientAttemptLimit,
    windowSeconds: SIGN_IN_POLICY.clientAttemptWindowSeconds,
    now: options.now,
  });
  if (!limit.allowed) {
    throw new AppError('RATE_LIMITED', 'too many sign-in attempts from this client', {
      reason: 'CLIENT',
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
}

/** Locks the account's row for the rest of the transaction: one sign-in decision at a time. */
export async function lockAccountForSignIn(
  tx: Tx,
  accountNumber: string,
): Promise<LockedAccount | null> {
  const rows = await tx.$queryRaw<{ id: number; number: string; bill_access_code_hash: string }[]>`
    SELECT id, number, bill_access_code_hash FROM account WHERE number = ${accountNumber} FOR UPDATE`;
  const row = rows[0];
  return row
    ? { id: row.id, number: row.number, billAccessCodeHash: row.bill_access_code_hash }
    : null;
}

/**
 * Whether this client may try to sign in to this account now (call inside the row lock): the
 * client's own lock (5 failures in 15 minutes from THIS client lock THIS client out for 15
 * minutes: nobody else can lock the resident out), and for the bill code, the account's
 * progressive delay against guessing from many clients. The SMS code is never delayed by
 * other clients' failures.
 */
export async function readSignInLock(
  db: PrismaClient | Tx,
  options: { accountId: number; clientKey: string; method: SignInMethod; now: Date },
): Promise<SignInLock> {
  const attempts = await db.signInAttempt.findMany({
    where: {
      accountId: options.accountId,
      createdAt: { gt: new Date(options.now.getTime() - lockoutLookbackMs()) },
    },
    select: { createdAt: true, succeeded: true, clientKey: true, method: true },
  });
  const record = (attempt: { createdAt: Date; succeeded: boolean }) => ({
    at: attempt.createdAt,
    succeeded: attempt.succeeded,
  });
  const clientLock = computeSignInLock(
    attempts.filter((attempt) => attempt.clientKey === options.clientKey).map(record),
    options.now,
  );
  if (options.method !== 'BILL_CODE') return clientLock;
  // Bill-code failures count; a success by either method (the resident proved themself) resets.
  const accountDelay = computeAccountDelay(
    attempts.filter((attempt) => attempt.method === 'BILL_CODE' || attempt.succeeded).map(record),
    options.now,
  );
  return laterLock(clientLock, accountDelay);
}

/** How many more failures this client has on this account before its lock (lockout.ts). */
async function readRemainingAttempts(
  tx: Tx,
  options: { accountId: number; clientKey: string; now: Date },
): Promise<number> {
  const attempts = await tx.signInAttempt.findMany({
    where: {
      accountId: options.accountId,
      clientKey: options.clientKey,
      createdAt: { gt: new Date(options.now.getTime() - lockoutLookbackMs()) },
    },
    select: { createdAt: true, succeeded: true },
  });
  return remainingSignInAttempts(
    attempts.map((attempt) => ({ at: attempt.createdAt, succeeded: attempt.succeeded })),
    options.now,
  );
}

const GLOBAL_BILL_CODE_FAILURES = 'sign-in:bill-code-failures';

async function countGlobalBillCodeFailure(db: PrismaClient | Tx, now: Date): Promise<void> {
  await consumeRateLimit(db, {
    key: GLOBAL_BILL_CODE_FAILURES,
    limit: Number.MAX_SAFE_INTEGER,
    windowSeconds: 3600,
    now,
  });
}

/** The city-wide pause of bill-code sign-in after too many failures this hour, if any. */
async function readGlobalBillCodePause(db: PrismaClient | Tx, now: Date): Promise<SignInLock> {
  const count = await readRateLimit(db, {
    key: GLOBAL_BILL_CODE_FAILURES,
    windowSeconds: 3600,
    now,
  });
  if (count.count < SIGN_IN_POLICY.globalBillCodeFailuresPerHour) return { locked: false };
  return { locked: true, unlocksAt: count.windowEndsAt };
}

/**
 * The shared part of both sign-in methods (DESIGN rule 6): the client's rate limit, the
 * account's lockout, one sign_in_attempt row per attempt, and one answer for every kind of
 * wrong input. Decisions for one account are serialised by a row lock, so concurrent guesses
 * cannot slip past the lockout. Unknown (well-formed) numbers get the same lockout, counted in
 * rate_limit_counter, so the lock message does not reveal which numbers exist either.
 * Throws UNAUTHORIZED (INVALID) or RATE_LIMITED (LOCKED with unlocksAt | CLIENT).
 */
export async function attemptSignIn(
  db: PrismaClient,
  options: {
    accountNumber: string;
    method: SignInMethod;
    clientKey: string;
    scheme: AccountNumberScheme;
    now?: Date;
    /** Checks the secret for the locked account; may write (e.g. count a code guess). */
    verify: (tx: Tx, account: LockedAccount) => Promise<boolean>;
    /** Does the same work as `verify` for a number that matches no account. */
    verifyUnknown: () => void;
  },
): Promise<SignInSubject> {
  const now = options.now ?? new Date();
  await consumeClientSignInBudget(db, { clientKey: options.clientKey, now });
  const parsed = parseAccountNumber(options.accountNumber, options.scheme);
  if (!parsed.ok) {
    // A malformed number asks the database the same kind of question as a real one.
    await db.$transaction((tx) => lockAccountForSignIn(tx, '-'));
    options.verifyUnknown();
    throw invalidCredentials();
  }
  const outcome = await db.$transaction(async (tx): Promise<Outcome> => {
    const account = await lockAccountForSignIn(tx, parsed.accountNumber);
    if (!account) {
      options.verifyUnknown();
      if (options.method === 'BILL_CODE') await countGlobalBillCodeFailure(tx, now);
      // Per number AND client, like a real account's lock (an outsider locks nobody out).
      const unknown = await consumeRateLimit(tx, {
        key: `sign-in:unknown-account:${parsed.accountNumber}:${options.clientKey}`,
        limit: SIGN_IN_POLICY.maxFailures,
        windowSeconds: SIGN_IN_POLICY.lockMinutes * 60,
        now,
      });
      if (unknown.allowed && unknown.remaining > 0)
        return { kind: 'invalid', remainingAttempts: unknown.remaining };
      return {
        kind: 'locked',
        unlocksAt: new Date(
          now.getTime() +
            (unknown.allowed ? SIGN_IN_POLICY.lockMinutes * 60 : unknown.retryAfterSeconds) * 1000,
        ),
      };
    }
    const before = laterLock(
      await readSignInLock(tx, {
        accountId: account.id,
        clientKey: options.clientKey,
        method: options.method,
        now,
      }),
      options.method === 'BILL_CODE' ? await readGlobalBillCodePause(tx, now) : { locked: false },
    );
    const succeeded = before.locked ? false : await options.verify(tx, account);
    await tx.signInAttempt.create({
      data: {
        accountId: account.id,
        method: options.method,
        succeeded,
        clientKey: options.clientKey,
        createdAt: now,
      },
    });
    if (before.locked) return { kind: 'locked', unlocksAt: before.unlocksAt };
    if (succeeded)
      return { kind: 'ok', subject: { accountId: account.id, accountNumber: account.number } };
    if (options.method === 'BILL_CODE') await countGlobalBillCodeFailure(tx, now);
    const after = await readSignInLock(tx, {
      accountId: account.id,
      clientKey: options.clientKey,
      method: options.method,
      now,
    });
    if (after.locked) return { kind: 'locked', unlocksAt: after.unlocksAt };
    return {
      kind: 'invalid',
      remainingAttempts: await readRemainingAttempts(tx, {
        accountId: account.id,
        clientKey: options.clientKey,
        now,
      }),
    };
  });
  switch (outcome.kind) {
    case 'ok':
      return outcome.subject;
    case 'invalid':
      throw invalidCredentials(outcome.remainingAttempts);
    case 'locked':
      throw signInLocked(outcome.unlocksAt);
    default: {
      const unreachable: never = outcome;
      throw new Error(`unexpected sign-in outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
