import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { SmsTransport } from '../../server/sms/transport';
import { composeOptOutConfirmationText } from '../reminders/reminder-text';
import { type SendOnceOutcome, sendOnce } from './send-once';

/** The one confirmation after a STOP reply, at most once per inbound message. */
export async function sendOptOutConfirmation(
  prisma: PrismaClient,
  options: {
    accountId: number;
    phoneE164: string;
    inboundSid: string;
    backOnCallList: boolean;
    transport: SmsTransport;
  },
): Promise<SendOnceOutcome> {
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: options.accountId },
    select: { preferredLocale: true },
  });
  return sendOnce(prisma, options.transport, {
    dedupeKey: `stop:${options.inboundSid}`,
    accountId: options.accountId,
    to: options.phoneE164,
    kind: 'OPT_OUT_CONFIRMATION',
    body: composeOptOutConfirmationText({
      locale: account.preferredLocale as Locale,
      backOnCallList: options.backOnCallList,
    }),
  });
}
