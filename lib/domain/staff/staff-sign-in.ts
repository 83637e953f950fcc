import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import {
  computeAccountDelay,
  computeSignInLock,
  laterLock,
  type SignInLock,
} from '../auth/lockout';
import { consumeRateLimit } from '../rate-limit/consume-rate-limit';
import { hashPassword, verifyPassword } from './password-hash';
import { openSecret, sealSecret } from './secret-box';
import { isStaffRole, requiresSecondFactor, type StaffRole } from './staff-actor';
import { acceptTotp, newTotpSecret } from './totp';

/**
 * Staff sign-in (docs/auth.md, "Staff"): email and password, then the second factor when the
 * staff member has one (TOTP), or its enrolment when the role requires one and none is set up.
 * The password step hands the browser a ticket (5 minutes, 5 code attempts, used once; only its
 * hash is stored); completing the ticket creates a server-side session row.
 *
 * Lockout, as for residents (lib/domain/auth/lockout.ts), keyed by the email: 5 failures (a
 * wrong password or a wrong code) from one client within 15 minutes lock that client out of
 * that login for 15 minutes; failures from all clients together meet a progressive delay after
 * 10 (1, 2, 4 … 60 minutes), a delay rather than a lock, so nobody can shut a colleague out for
 * good; each client has 50 attempts per 15 minutes in all.
 */
export const STAFF_SIGN_IN_POLICY = {
  maxFailures: 5,
  failureWindowMinutes: 15,
  lockMinutes: 15,
  accountFreeBillCodeFailures: 10,
  accountDelayWindowHours: 24,
  maxDelayMinutes: 60,
  clientAttemptLimit: 50,
  clientAttemptWindowSeconds: 15 * 60,
  ticketMinutes: 5,
  ticketMaxAttempts: 5,
} as const;

export type StaffSignInStage = 'SIGN_IN' | 'TOTP' | 'ENROL';

export type StaffSignInStart = {
  /** The ticket for the browser (an httpOnly cookie); never stored in clear. */
  ticket: string;
  stage: StaffSignInStage;
  /** For ENROL: the new secret to show as a QR code (and as text). */
  enrolSecret?: string;
  email: string;
};

export type StaffSessionStart = { sessionId: string; staffUserId: number; role: StaffRole };

const invalid = () =>
  new AppError('UNAUTHORIZED', 'email, password or code is wrong', { reason: 'INVALID' });

export function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket).digest('base64url');
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase().slice(0, 254);
}

/** A hash to verify against when the email is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | undefined;

async function readLock(
  prisma: PrismaClient,
  email: string,
  clientKey: string,
  now: Date,
): Promise<SignInLock> {
  const since = new Date(now.getTime() - STAFF_SIGN_IN_POLICY.accountDelayWindowHours * 3600_000);
  const attempts = await prisma.staffSignInAttempt.findMany({
    where: { email, createdAt: { gt: since } },
    select: { clientKey: true, succeeded: true, createdAt: true },
  });
  const records = attempts.map((a) => ({
    at: a.createdAt,
    succeeded: a.succeeded,
    client: a.clientKey,
  }));
  const fromClient = computeSignInLock(
    records.filter((r) => r.client === clientKey),
    now,
    STAFF_SIGN_IN_POLICY,
  );
  return laterLock(fromClient, computeAccountDelay(records, now, STAFF_SIGN_IN_POLICY));
}

async function assertNotLocked(
  prisma: PrismaClient,
  email: string,
  clientKey: string,
  now: Date,
): Promise<void> {
  const budget = await consumeRateLimit(prisma, {
    key: `staff-sign-in:client:${clientKey}`,
    limit: STAFF_SIGN_IN_POLICY.clientAttemptLimit,
    windowSeconds: STAFF_SIGN_IN_POLICY.clientAttemptWindowSeconds,
    now,
  });
  if (!budget.allowed) {
    throw new AppError('RATE_LIMITED', 'too many sign-in attempts from this client', {
      reason: 'CLIENT',
      retryAfterSeconds: budget.retryAfterSeconds,
    });
  }
  const lock = await readLock(prisma, email, clientKey, now);
  if (lock.locked) {
    throw new AppError('RATE_LIMITED', 'sign-in to this login is locked for a while', {
      reason: 'LOCKED',
      unlocksAt: lock.unlocksAt,
    });
  }
}

async function recordAttempt(
  prisma: PrismaClient,
  email: string,
  clientKey: string,
  succeeded: boolean,
  now: Date,
): Promise<void> {
  await prisma.staffSignInAttempt.create({ data: { email, clientKey, succeeded, createdAt: now } });
}

/** Step 1: email and password. Throws UNAUTHORIZED (one message for any mistake) or RATE_LIMITED. */
export async function beginStaffSignIn(
  prisma: PrismaClient,
  options: { email: string; password: string; clientKey: string; totpKey: string; now?: Date },
): Promise<StaffSignInStart> {
  const now = options.now ?? new Date();
  const email = normaliseEmail(options.email);
  if (email === '' || options.password === '') throw invalid();
  await assertNotLocked(prisma, email, options.clientKey, now);
  const user = await prisma.staffUser.findUnique({
    where: { email },
    select: { id: true, role: true, passwordHash: true, active: true, totpSecret: true },
  });
  decoyHash ??= hashPassword('decoy password for unknown emails');
  const matches = await verifyPassword(
    options.password.slice(0, 256),
    user?.passwordHash ?? (await decoyHash),
  );
  if (!user?.active || !matches || !isStaffRole(user.role)) {
    await recordAttempt(prisma, email, options.clientKey, false, now);
    throw invalid();
  }
  let stage: StaffSignInStage;
  let enrolSecret: string | undefined;
  if (user.totpSecret) stage = 'TOTP';
  else if (requiresSecondFactor(user.role)) {
    stage = 'ENROL';
    enrolSecret = newTotpSecret();
  } else stage = 'SIGN_IN';
  const ticket = randomBytes(32).toString('base64url');
  await prisma.staffSignInTicket.create({
    data: {
      tokenHash: hashTicket(ticket),
      staffUserId: user.id,
      stage,
      pendingTotpSecret: enrolSecret ? sealSecret(enrolSecret, options.totpKey) : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + STAFF_SIGN_IN_POLICY.ticketMinutes * 60_000),
    },
  });
  return { ticket, stage, enrolSecret, email };
}

/** What a ticket is waiting for (the second-factor page reads it); null when unusable. */
export async function readStaffSignInTicket(
  prisma: PrismaClient,
  options: { ticket: string; totpKey: string; now?: Date },
): Promise<{ stage: StaffSignInStage; email: string; enrolSecret?: string } | null> {
  const now = options.now ?? new Date();
  const row = await prisma.staffSignInTicket.findUnique({
    where: { tokenHash: hashTicket(options.ticket) },
    select: {
      stage: true,
      pendingTotpSecret: true,
      attempts: true,
      expiresAt: true,
      usedAt: true,
      staffUser: { select: { email: true } },
    },
  });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  if (row.attempts >= STAFF_SIGN_IN_POLICY.ticketMaxAttempts) return null;
  return {
    stage: row.stage,
    email: row.staffUser.email,
    enrolSecret: row.pendingTotpSecret
      ? openSecret(row.pendingTotpSecret, options.totpKey)
      : undefined,
  };
}

/**
 * Step 2: the ticket and, unless the stage is SIGN_IN, a TOTP code (for ENROL, a code from the
 * newly scanned secret, which is then saved). Creates the session. A wrong code counts as a
 * failed sign-in and uses one of the ticket's attempts; an expired, used or exhausted ticket is
 * UNAUTHORIZED (start again with the password).
 */
export async function completeStaffSignIn(
  prisma: PrismaClient,
  options: { ticket: string; code: string; clientKey: string; totpKey: string; now?: Date },
): Promise<StaffSessionStart> {
  const now = options.now ?? new Date();
  const tokenHash = hashTicket(options.ticket);
  const peek = await prisma.staffSignInTicket.findUnique({
    where: { tokenHash },
    select: { staffUser: { select: { email: true } } },
  });
  if (!peek) throw invalid();
  const email = peek.staffUser.email;
  await assertNotLocked(prisma, email, options.clientKey, now);
  const outcome = await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      {
        id: number;
        staff_user_id: number;
        stage: StaffSignInStage;
        pending_totp_secret: string | null;
        attempts: number;
        expires_at: Date;
        used_at: Date | null;
      }[]
    >`SELECT id, staff_user_id, stage::text AS stage, pending_totp_secret, attempts, expires_at, used_at
        FROM staff_sign_in_ticket WHERE token_hash = ${tokenHash} FOR UPDATE`;
    if (
      !row ||
      row.used_at ||
      row.expires_at <= now ||
      row.attempts >= STAFF_SIGN_IN_POLICY.ticketMaxAttempts
    ) {
      return { kind: 'invalid' as const };
    }
    const [user] = await tx.$queryRaw<
      {
        id: number;
        role: string;
        active: boolean;
        totp_secret: string | null;
        totp_last_step: bigint | null;
      }[]
    >`SELECT id, role::text AS role, active, totp_secret, totp_last_step FROM staff_user
        WHERE id = ${row.staff_user_id} FOR UPDATE`;
    if (!user?.active || !isStaffRole(user.role)) return { kind: 'invalid' as const };
    let acceptedStep: number | null = null;
    if (row.stage !== 'SIGN_IN') {
      const sealed = row.stage === 'ENROL' ? row.pending_totp_secret : user.totp_secret;
      const secret = sealed ? openSecret(sealed, options.totpKey) : null;
      const lastStep =
        row.stage === 'ENROL' || user.totp_last_step === null ? null : Number(user.totp_last_step);
      acceptedStep = secret ? acceptTotp(secret, options.code, now, lastStep) : null;
      if (acceptedStep === null) {
        await tx.staffSignInTicket.update({
          where: { id: row.id },
          data: { attempts: { increment: 1 } },
        });
        return { kind: 'wrong_code' as const };
      }
    }
    await tx.staffSignInTicket.update({ where: { id: row.id }, data: { usedAt: now } });
    await tx.staffUser.update({
      where: { id: user.id },
      data: {
        lastSignInAt: now,
        ...(acceptedStep !== null ? { totpLastStep: BigInt(acceptedStep) } : {}),
        ...(row.stage === 'ENROL'
          ? { totpSecret: row.pending_totp_secret, totpEnrolledAt: now }
          : {}),
      },
    });
    const sessionId = randomBytes(24).toString('base64url');
    await tx.staffSession.create({
      data: { id: sessionId, staffUserId: user.id, createdAt: now, lastSeenAt: now },
    });
    await tx.auditLog.create({
      data: {
        actorKind: 'STAFF',
        staffUserId: user.id,
        action: row.stage === 'ENROL' ? 'staff.sign_in.enrol_totp' : 'staff.sign_in',
        detail: { secondFactor: row.stage !== 'SIGN_IN' },
        createdAt: now,
      },
    });
    return { kind: 'ok' as const, session: { sessionId, staffUserId: user.id, role: user.role } };
  });
  if (outcome.kind !== 'ok') {
    await recordAttempt(prisma, email, options.clientKey, false, now);
    throw invalid();
  }
  await recordAttempt(prisma, email, options.clientKey, true, now);
  return outcome.session;
}

/**
 * A signed-in staff member without a second factor sets one up (optional for SUPPORT): a
 * ticket of stage ENROL carrying a new secret, confirmed by `confirmTotpEnrolment`.
 */
export async function startTotpEnrolment(
  prisma: PrismaClient,
  actor: { staffUserId: number },
  options: { totpKey: string; now?: Date },
): Promise<{ ticket: string; secret: string }> {
  const now = options.now ?? new Date();
  const user = await prisma.staffUser.findUnique({
    where: { id: actor.staffUserId },
    select: { totpSecret: true },
  });
  if (!user) throw new AppError('NOT_FOUND', 'no such staff member');
  if (user.totpSecret) throw new AppError('CONFLICT', 'a second factor is already set up');
  const secret = newTotpSecret();
  const ticket = randomBytes(32).toString('base64url');
  await prisma.staffSignInTicket.create({
    data: {
      tokenHash: hashTicket(ticket),
      staffUserId: actor.staffUserId,
      stage: 'ENROL',
      pendingTotpSecret: sealSecret(secret, options.totpKey),
      createdAt: now,
      expiresAt: new Date(now.getTime() + STAFF_SIGN_IN_POLICY.ticketMinutes * 60_000),
    },
  });
  return { ticket, secret };
}

/** Saves the pending secret once a code from it is right (the ticket must be this member's). */
export async function confirmTotpEnrolment(
  prisma: PrismaClient,
  actor: { staffUserId: number },
  options: { ticket: string; code: string; totpKey: string; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      {
        id: number;
        staff_user_id: number;
        stage: string;
        pending_totp_secret: string | null;
        attempts: number;
        expires_at: Date;
        used_at: Date | null;
      }[]
    >`SELECT id, staff_user_id, stage::text AS stage, pending_totp_secret, attempts, expires_at, used_at
        FROM staff_sign_in_ticket WHERE token_hash = ${hashTicket(options.ticket)} FOR UPDATE`;
    if (
      !row ||
      row.staff_user_id !== actor.staffUserId ||
      row.stage !== 'ENROL' ||
      row.used_at ||
      row.expires_at <= now ||
      row.attempts >= STAFF_SIGN_IN_POLICY.ticketMaxAttempts ||
      !row.pending_totp_secret
    ) {
      throw new AppError('CONFLICT', 'the set-up has expired; start again');
    }
    const step = acceptTotp(
      openSecret(row.pending_totp_secret, options.totpKey),
      options.code,
      now,
      null,
    );
    if (step === null) {
      await tx.staffSignInTicket.update({
        where: { id: row.id },
        data: { attempts: { increment: 1 } },
      });
      return;
    }
    await tx.staffSignInTicket.update({ where: { id: row.id }, data: { usedAt: now } });
    await tx.staffUser.update({
      where: { id: actor.staffUserId },
      data: {
        totpSecret: row.pending_totp_secret,
        totpEnrolledAt: now,
        totpLastStep: BigInt(step),
      },
    });
    await tx.auditLog.create({
      data: {
        actorKind: 'STAFF',
        staffUserId: actor.staffUserId,
        action: 'staff.totp.enrol',
        createdAt: now,
      },
    });
  });
  const user = await prisma.staffUser.findUnique({
    where: { id: actor.staffUserId },
    select: { totpSecret: true },
  });
  if (!user?.totpSecret) throw new AppError('INVALID_INPUT', 'the code is wrong; try the next one');
}
