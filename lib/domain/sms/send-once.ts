import 'server-only';
import type { PrismaClient } from '../../server/db';
import type { SmsKind } from '../../server/generated/prisma/enums';
import type { SmsTransport } from '../../server/sms/transport';
import { countSmsSegments } from '../../sms-segments';

export type SendOnceOutcome = 'SENT' | 'ALREADY_SENT' | 'FAILED';

/**
 * Sends one message at most once per `dedupeKey` (a job retried by the queue, a webhook
 * delivered twice): the sms_message row is claimed first (QUEUED, unique dedupe_key), then the
 * transport is called, then the row becomes SENT or FAILED. A crash after the claim leaves a
 * QUEUED row and no second send.
 */
export async function sendOnce(
  prisma: PrismaClient,
  transport: SmsTransport,
  message: { dedupeKey: string; accountId: number; to: string; kind: SmsKind; body: string },
  now: () => Date = () => new Date(),
): Promise<SendOnceOutcome> {
  const claimed = await prisma.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO sms_message (account_id, phone_e164, kind, body, status, segments, dedupe_key,
                              created_at)
     VALUES ($1, $2, $3::sms_kind, $4, 'QUEUED', $5, $6, $7)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    message.accountId,
    message.to,
    message.kind,
    message.body,
    countSmsSegments(message.body).segments,
    message.dedupeKey,
    now(),
  );
  const row = claimed[0];
  if (!row) return 'ALREADY_SENT';
  try {
    const { providerMessageId } = await transport.send(message.to, message.body);
    await prisma.smsMessage.update({
      where: { id: row.id },
      data: { status: 'SENT', providerMessageId, sentAt: now() },
    });
    return 'SENT';
  } catch (error) {
    await prisma.smsMessage.update({
      where: { id: row.id },
      data: {
        status: 'FAILED',
        error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      },
    });
    return 'FAILED';
  }
}
