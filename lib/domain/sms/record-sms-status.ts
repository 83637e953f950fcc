import 'server-only';
import type { PrismaClient } from '../../server/db';
import type { SmsStatus } from '../../server/generated/prisma/enums';

/** Provider statuses we record, in the order a message moves through them. */
const RANK: Record<SmsStatus, number> = {
  QUEUED: 0,
  SENT: 1,
  DELIVERED: 2,
  UNDELIVERED: 2,
  FAILED: 2,
};

/** Twilio's MessageStatus values mapped to ours (accepted/sending/… carry no news). */
export function smsStatusOf(providerStatus: string): SmsStatus | null {
  switch (providerStatus.toLowerCase()) {
    case 'queued':
      return 'QUEUED';
    case 'sent':
      return 'SENT';
    case 'delivered':
      return 'DELIVERED';
    case 'undelivered':
      return 'UNDELIVERED';
    case 'failed':
      return 'FAILED';
    default:
      return null;
  }
}

/**
 * A delivery report for one of our messages (a verified status callback). The status only
 * moves forward (callbacks arrive out of order). A failed or undelivered message flags its
 * number: reminders to it stop until the resident verifies a number again.
 */
export async function recordSmsStatus(
  db: PrismaClient,
  options: { messageSid: string; providerStatus: string; errorCode?: string; now?: Date },
): Promise<'UPDATED' | 'UNCHANGED' | 'UNKNOWN_MESSAGE' | 'IGNORED_STATUS'> {
  const now = options.now ?? new Date();
  const status = smsStatusOf(options.providerStatus);
  if (!status) return 'IGNORED_STATUS';
  return db.$transaction(async (tx) => {
    const message = await tx.smsMessage.findUnique({
      where: { providerMessageId: options.messageSid },
      select: { id: true, status: true, accountId: true, phoneE164: true },
    });
    if (!message) return 'UNKNOWN_MESSAGE';
    if (RANK[status] <= RANK[message.status]) return 'UNCHANGED';
    await tx.smsMessage.update({
      where: { id: message.id },
      data: {
        status,
        deliveredAt: status === 'DELIVERED' ? now : undefined,
        error: options.errorCode ? `provider error ${options.errorCode.slice(0, 20)}` : undefined,
      },
    });
    if (status === 'FAILED' || status === 'UNDELIVERED') {
      await tx.phone.updateMany({
        where: { accountId: message.accountId, e164: message.phoneE164 },
        data: { smsFailedAt: now },
      });
    }
    return 'UPDATED';
  });
}
