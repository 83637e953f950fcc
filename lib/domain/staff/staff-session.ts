import 'server-only';
import type { PrismaClient } from '../../server/db';
import { isStaffRole, type StaffActor } from './staff-actor';
import { STAFF_SESSION_MAX_HOURS } from './staff-policy';

/**
 * Staff sessions live in the database (the cookie carries only the session id): every staff
 * request checks the row, so signing out, signing out everywhere, deactivating a staff member,
 * changing their role and the idle timeout all take effect on the next request.
 */
export type StaffSessionView = StaffActor & {
  sessionId: string;
  name: string;
  email: string;
  totpEnrolled: boolean;
};

/** The session's last-seen time is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export async function getStaffSession(
  prisma: PrismaClient,
  options: { sessionId: string; idleMinutes: number; now?: Date },
): Promise<StaffSessionView | null> {
  const now = options.now ?? new Date();
  const session = await prisma.staffSession.findUnique({
    where: { id: options.sessionId },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      revokedAt: true,
      staffUser: {
        select: { id: true, name: true, email: true, role: true, active: true, totpSecret: true },
      },
    },
  });
  if (!session || session.revokedAt || !session.staffUser.active) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > options.idleMinutes * 60_000) return null;
  if (now.getTime() - session.createdAt.getTime() > STAFF_SESSION_MAX_HOURS * 3600_000) return null;
  const user = session.staffUser;
  if (!isStaffRole(user.role)) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.staffSession.updateMany({
      where: { id: session.id, revokedAt: null },
      data: { lastSeenAt: now },
    });
  }
  return {
    sessionId: session.id,
    staffUserId: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    totpEnrolled: user.totpSecret !== null,
  };
}

/** Ends this session, or (everywhere) every session of its staff member. Audited. */
export async function signOutStaff(
  prisma: PrismaClient,
  options: { sessionId: string; everywhere: boolean; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const session = await tx.staffSession.findUnique({
      where: { id: options.sessionId },
      select: { staffUserId: true },
    });
    if (!session) return 0;
    const ended = await tx.staffSession.updateMany({
      where: options.everywhere
        ? { staffUserId: session.staffUserId, revokedAt: null }
        : { id: options.sessionId, revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.auditLog.create({
      data: {
        actorKind: 'STAFF',
        staffUserId: session.staffUserId,
        action: options.everywhere ? 'staff.sign_out.everywhere' : 'staff.sign_out',
        detail: { sessionsEnded: ended.count },
        createdAt: now,
      },
    });
    return ended.count;
  });
}
