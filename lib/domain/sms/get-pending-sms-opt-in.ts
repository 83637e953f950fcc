import 'server-only';
import type { PrismaClient } from '../../server/db';
import { maskPhone } from '../accounts/mask-phone';
import { oneTimeCodeProblem } from '../auth/one-time-code';

/** The SMS opt-in code waiting for the resident of `accountId`, for the confirm page. */
export async function getPendingSmsOptIn(
  prisma: PrismaClient,
  options: { accountId: number; now?: Date },
): Promise<{ maskedPhone: string; expiresAt: Date } | null> {
  const stored = await prisma.oneTimeCode.findFirst({
    where: { accountId: options.accountId, purpose: 'SMS_OPT_IN' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { phoneE164: true, expiresAt: true, attempts: true, consumedAt: true },
  });
  if (!stored || oneTimeCodeProblem(stored, options.now ?? new Date()) !== null) return null;
  return { maskedPhone: maskPhone(stored.phoneE164), expiresAt: stored.expiresAt };
}
