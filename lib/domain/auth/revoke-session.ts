import 'server-only';
import type { PrismaClient } from '../../server/db';

/**
 * Ends a resident session server-side (DESIGN rule 6): its token id is refused from now until
 * the token would have expired anyway, so a copied cookie stops working at sign-out and is
 * never renewed. Idempotent.
 */
export async function revokeSession(
  prisma: PrismaClient,
  options: { sid: string; expiresAt: Date },
): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO revoked_session (sid, expires_at) VALUES (${options.sid}, ${options.expiresAt})
    ON CONFLICT (sid) DO NOTHING`;
}

/** True when the session was ended by signing out. */
export async function isSessionRevoked(prisma: PrismaClient, sid: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ n: number }[]>`
    SELECT 1 AS n FROM revoked_session WHERE sid = ${sid}`;
  return rows.length > 0;
}

/** Forgets revocations of tokens that have expired anyway (the nightly housekeeping). */
export async function purgeExpiredRevocations(
  prisma: PrismaClient,
  now = new Date(),
): Promise<number> {
  return prisma.$executeRaw`DELETE FROM revoked_session WHERE expires_at <= ${now}`;
}
