import { randomBytes } from 'node:crypto';
import { hashPassword } from '@/lib/domain/staff/password-hash';
import { sealSecret } from '@/lib/domain/staff/secret-box';
import type { StaffActor, StaffRole } from '@/lib/domain/staff/staff-actor';
import type { PrismaClient } from '@/lib/server/db';

/** The key tests seal TOTP secrets with. */
export const TEST_TOTP_KEY = 'test-staff-totp-key-0123456789abcdef';

/** Cheap scrypt parameters: tests hash many passwords. */
const FAST = { N: 1024, r: 8, p: 1 };

/** A staff member with a unique email; `totpSecret` (base32) enrols a second factor. */
export async function createStaffUser(
  prisma: PrismaClient,
  role: StaffRole,
  options: { password?: string; totpSecret?: string; active?: boolean } = {},
): Promise<StaffActor & { email: string; password: string }> {
  const password = options.password ?? `pw-${randomBytes(6).toString('hex')}`;
  const email = `${role.toLowerCase()}-${randomBytes(6).toString('hex')}@test.example`;
  const user = await prisma.staffUser.create({
    data: {
      email,
      name: `Test ${role}`,
      role,
      passwordHash: await hashPassword(password, FAST),
      active: options.active ?? true,
      totpSecret: options.totpSecret ? sealSecret(options.totpSecret, TEST_TOTP_KEY) : null,
      totpEnrolledAt: options.totpSecret ? new Date() : null,
    },
  });
  return { staffUserId: user.id, role, email, password };
}
