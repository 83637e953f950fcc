import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { SmsTransport } from '../../server/sms/transport';
import type { BillingRules } from '../billing-rules';
import { evaluateCallList } from '../call-list/evaluate-call-list';
import { composePaymentConfirmationText } from '../reminders/reminder-text';
import { type SendOnceOutcome, sendOnce } from './send-once';

/**
 * "Payment received, thank you" (issue: SMS reminders), for an account that chose SMS: run by
 * the job the payment webhook enqueued in its own transaction, so it only ever follows a
 * committed payment. At most once per payment; nothing for accounts that did not choose SMS
 * or whose number failed. Says when some debt is still overdue.
 */
export async function sendPaymentConfirmation(
  prisma: PrismaClient,
  options: { paymentId: number; transport: SmsTransport; rules: BillingRules; now?: Date },
): Promise<SendOnceOutcome | 'NOT_FOR_SMS'> {
  const now = options.now ?? new Date();
  const payment = await prisma.payment.findUnique({
    where: { id: options.paymentId },
    select: {
      amountKopecks: true,
      account: {
        select: {
          id: true,
          contactPreference: true,
          smsPhoneE164: true,
          preferredLocale: true,
          phones: { select: { e164: true, smsFailedAt: true } },
        },
      },
    },
  });
  const account = payment?.account;
  const phone = account?.phones.find((p) => p.e164 === account.smsPhoneE164);
  if (!payment || !account || account.contactPreference !== 'SMS' || !phone || phone.smsFailedAt)
    return 'NOT_FOR_SMS';
  const evaluation = await evaluateCallList(prisma, {
    accountId: account.id,
    asOf: now,
    rules: options.rules,
  });
  return sendOnce(prisma, options.transport, {
    dedupeKey: `payment:${options.paymentId}`,
    accountId: account.id,
    to: phone.e164,
    kind: 'PAYMENT_CONFIRMATION',
    body: composePaymentConfirmationText({
      locale: account.preferredLocale as Locale,
      amountKopecks: payment.amountKopecks,
      stillOverdue: evaluation.overdue > 0,
    }),
  });
}
