import 'server-only';
import type { PrismaClient } from '../../server/db';

export type RecentSms = {
  id: number;
  createdAt: Date;
  phoneE164: string;
  kind: string;
  status: string;
  segments: number | null;
  body: string;
};

/** The newest messages, for the development outbox (/dev/sms): never shown in production. */
export async function listRecentSms(
  prisma: PrismaClient,
  options: { limit: number },
): Promise<RecentSms[]> {
  return prisma.smsMessage.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(1, options.limit), 200),
    select: {
      id: true,
      createdAt: true,
      phoneE164: true,
      kind: true,
      status: true,
      segments: true,
      body: true,
    },
  });
}
