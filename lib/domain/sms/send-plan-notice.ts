import 'server-only';
import { kyivDay } from '../../dates';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient } from '../../server/db';
import type { SmsTransport } from '../../server/sms/transport';
import type { BillingRules } from '../billing-rules';
import { getPaymentPlan } from '../plans/payment-plan-state';
import { paymentPlanStanding } from '../plans/plan-standing';
import { composePlanBrokenText } from '../reminders/reminder-text';
import { type SendOnceOutcome, sendOnce } from './send-once';

/**
 * "Your payment plan was broken" (issue 11), for an account that chose SMS: run by the job the
 * plans job enqueued in the break's own transaction. At most once per plan; nothing when the
 * plan is not BROKEN, the account no longer chose SMS or its number failed. Names the
 * instalment that was missed (as the standing was on the day it broke).
 */
export async function sendPlanBrokenNotice(
  prisma: PrismaClient,
  options: { planId: number; transport: SmsTransport; rules: BillingRules },
): Promise<SendOnceOutcome | 'NOT_FOR_SMS'> {
  const plan = await getPaymentPlan(prisma, { planId: options.planId, rules: options.rules });
  if (plan?.status !== 'BROKEN' || !plan.endedAt) return 'NOT_FOR_SMS';
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: plan.accountId },
    select: {
      contactPreference: true,
      smsPhoneE164: true,
      preferredLocale: true,
      phones: { select: { e164: true, smsFailedAt: true } },
    },
  });
  const phone = account.phones.find((p) => p.e164 === account.smsPhoneE164);
  if (account.contactPreference !== 'SMS' || !phone || phone.smsFailedAt) return 'NOT_FOR_SMS';
  // The instalment that broke it: the standing as of the break.
  const standing = paymentPlanStanding({
    instalments: plan.instalments,
    paidKopecks: plan.paidKopecks,
    today: kyivDay(plan.endedAt),
    graceDays: options.rules.paymentPlanGraceDays,
  });
  const missed =
    standing.kind === 'BROKEN'
      ? standing.missed
      : plan.instalments[0] && {
          ...plan.instalments[0],
          leftKopecks: plan.instalments[0].amountKopecks,
        };
  if (!missed) return 'NOT_FOR_SMS';
  return sendOnce(prisma, options.transport, {
    dedupeKey: `plan-broken:${options.planId}`,
    accountId: plan.accountId,
    to: phone.e164,
    kind: 'PAYMENT_PLAN',
    body: composePlanBrokenText({
      locale: account.preferredLocale as Locale,
      leftKopecks: missed.leftKopecks,
      dueDate: missed.dueDate,
    }),
  });
}
