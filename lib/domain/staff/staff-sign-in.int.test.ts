/**
 * Staff sign-in on the real PostgreSQL server: password, the TOTP second factor and its
 * enrolment, tickets, lockout (without locking a colleague out from elsewhere), and sessions
 * (idle timeout, sign-out, sign-out everywhere, deactivation).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaffUser, TEST_TOTP_KEY } from '@/test/staff-factories';
import { getPrisma } from '../../server/db';
import { isAppError } from '../app-error';
import { getStaffSession, signOutStaff } from './staff-session';
import { beginStaffSignIn, completeStaffSignIn, readStaffSignInTicket } from './staff-sign-in';
import { newTotpSecret, totpCodeAt } from './totp';

const prisma = getPrisma();
afterAll(async () => {
  await prisma.$disconnect();
});

const client = () => randomBytes(8).toString('hex');
const begin = (email: string, password: string, clientKey: string, now?: Date) =>
  beginStaffSignIn(prisma, { email, password, clientKey, totpKey: TEST_TOTP_KEY, now });
const complete = (ticket: string, code: string, clientKey: string, now?: Date) =>
  completeStaffSignIn(prisma, { ticket, code, clientKey, totpKey: TEST_TOTP_KEY, now });

async function refusal(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('staff sign-in', () => {
  it('SUPPORT without a second factor: password, then a session; wrong or unknown → one answer', async () => {
    const user = await createStaffUser(prisma, 'SUPPORT');
    const c = client();
    const wrong = await refusal(() => begin(user.email, 'wrong', c));
    const unknown = await refusal(() => begin('nobody@test.example', 'wrong', c));
    expect(isAppError(wrong, 'UNAUTHORIZED')).toBe(true);
    expect((wrong as Error).message).toBe((unknown as Error).message);
    const start = await begin(` ${user.email.toUpperCase()} `, user.password, c);
    expect(start.stage).toBe('SIGN_IN');
    const session = await complete(start.ticket, '', c);
    expect(session).toMatchObject({ staffUserId: user.staffUserId, role: 'SUPPORT' });
    const view = await getStaffSession(prisma, { sessionId: session.sessionId, idleMinutes: 30 });
    expect(view).toMatchObject({
      staffUserId: user.staffUserId,
      role: 'SUPPORT',
      totpEnrolled: false,
    });
    // A ticket is used once.
    expect(isAppError(await refusal(() => complete(start.ticket, '', c)), 'UNAUTHORIZED')).toBe(
      true,
    );
    const audit = await prisma.auditLog.findMany({ where: { staffUserId: user.staffUserId } });
    expect(audit.map((a) => a.action)).toEqual(['staff.sign_in']);
  });

  it('SUPERVISOR without a second factor must enrol: a QR secret, a code from it, then saved', async () => {
    const user = await createStaffUser(prisma, 'SUPERVISOR');
    const c = client();
    const start = await begin(user.email, user.password, c);
    expect(start.stage).toBe('ENROL');
    const secret = start.enrolSecret as string;
    expect(
      await readStaffSignInTicket(prisma, { ticket: start.ticket, totpKey: TEST_TOTP_KEY }),
    ).toMatchObject({
      stage: 'ENROL',
      enrolSecret: secret,
    });
    // Without a valid code there is no session and no enrolment.
    expect(
      isAppError(await refusal(() => complete(start.ticket, '000000', c)), 'UNAUTHORIZED'),
    ).toBe(true);
    expect(
      (await prisma.staffUser.findUniqueOrThrow({ where: { id: user.staffUserId } })).totpSecret,
    ).toBeNull();
    const now = new Date();
    await complete(start.ticket, totpCodeAt(secret, now), c, now);
    const saved = await prisma.staffUser.findUniqueOrThrow({ where: { id: user.staffUserId } });
    expect(saved.totpSecret).not.toBeNull();
    expect(saved.totpSecret).not.toContain(secret); // sealed at rest
    // Next time: the TOTP stage, and the same code is not accepted twice.
    const again = await begin(user.email, user.password, c, now);
    expect(again.stage).toBe('TOTP');
    expect(
      isAppError(
        await refusal(() => complete(again.ticket, totpCodeAt(secret, now), c, now)),
        'UNAUTHORIZED',
      ),
    ).toBe(true);
    const later = new Date(now.getTime() + 30_000);
    await complete(again.ticket, totpCodeAt(secret, later), c, later);
  });

  it('a ticket allows 5 code attempts and expires after 5 minutes', async () => {
    const secret = newTotpSecret();
    const user = await createStaffUser(prisma, 'ADMIN', { totpSecret: secret });
    const now = new Date();
    const start = await begin(user.email, user.password, client(), now);
    for (let i = 0; i < 5; i += 1)
      await refusal(() => complete(start.ticket, '111111', client(), now));
    expect(
      isAppError(
        await refusal(() => complete(start.ticket, totpCodeAt(secret, now), client(), now)),
        'UNAUTHORIZED',
      ),
    ).toBe(true);
    const fresh = await begin(user.email, user.password, client(), now);
    const late = new Date(now.getTime() + 5 * 60_000 + 1);
    expect(
      isAppError(
        await refusal(() => complete(fresh.ticket, totpCodeAt(secret, late), client(), late)),
        'UNAUTHORIZED',
      ),
    ).toBe(true);
  });

  it('5 failures lock that client out for 15 minutes; a colleague elsewhere still signs in', async () => {
    const user = await createStaffUser(prisma, 'SUPPORT');
    const attacker = client();
    const now = new Date();
    for (let i = 0; i < 5; i += 1)
      await refusal(() => begin(user.email, `guess-${i}`, attacker, now));
    const locked = await refusal(() => begin(user.email, user.password, attacker, now));
    expect(isAppError(locked, 'RATE_LIMITED')).toBe(true);
    const start = await begin(user.email, user.password, client(), now);
    expect(start.stage).toBe('SIGN_IN');
    const after = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect((await begin(user.email, user.password, attacker, after)).stage).toBe('SIGN_IN');
  });

  it('sessions: idle timeout, sign-out, sign-out everywhere, deactivation', async () => {
    const user = await createStaffUser(prisma, 'SUPPORT');
    const now = new Date();
    const signIn = async () =>
      complete((await begin(user.email, user.password, client(), now)).ticket, '', client(), now);
    const a = await signIn();
    const b = await signIn();
    const c = await signIn();
    const idle = new Date(now.getTime() + 31 * 60_000);
    expect(
      await getStaffSession(prisma, { sessionId: a.sessionId, idleMinutes: 30, now: idle }),
    ).toBeNull();
    const active = new Date(now.getTime() + 20 * 60_000);
    expect(
      await getStaffSession(prisma, { sessionId: a.sessionId, idleMinutes: 30, now: active }),
    ).not.toBeNull();
    // Being active renews: 20 + 29 minutes later it still holds.
    expect(
      await getStaffSession(prisma, {
        sessionId: a.sessionId,
        idleMinutes: 30,
        now: new Date(active.getTime() + 29 * 60_000),
      }),
    ).not.toBeNull();
    expect(await signOutStaff(prisma, { sessionId: a.sessionId, everywhere: false })).toBe(1);
    expect(await getStaffSession(prisma, { sessionId: a.sessionId, idleMinutes: 30 })).toBeNull();
    expect(
      await getStaffSession(prisma, { sessionId: b.sessionId, idleMinutes: 30 }),
    ).not.toBeNull();
    expect(await signOutStaff(prisma, { sessionId: b.sessionId, everywhere: true })).toBe(2);
    expect(await getStaffSession(prisma, { sessionId: c.sessionId, idleMinutes: 30 })).toBeNull();
    const d = await signIn();
    await prisma.staffUser.update({ where: { id: user.staffUserId }, data: { active: false } });
    expect(await getStaffSession(prisma, { sessionId: d.sessionId, idleMinutes: 30 })).toBeNull();
    expect(
      isAppError(await refusal(() => begin(user.email, user.password, client())), 'UNAUTHORIZED'),
    ).toBe(true);
  });
});
