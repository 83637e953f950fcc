import 'server-only';
import type { Tx } from '../../server/db';
import type { Prisma } from '../../server/generated/prisma/client';
import type { BillingRules } from '../billing-rules';
import type { CallListChange, CallListEvaluation } from '../call-list/call-list-reason';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';

export type SmsOptOutResult =
  | { changed: false }
  | {
      changed: true;
      phoneE164: string;
      callList: { change: CallListChange; evaluation: CallListEvaluation };
    };

/**
 * Back to calls (DESIGN rule 4): the contact preference becomes CALLS, a consent record keeps
 * how (the resident on the portal, a STOP reply, staff), and the call list is re-evaluated in
 * the caller's transaction — so an account still over three months behind is back on the list
 * at the commit, and the caller can tell the resident so. Idempotent: an account that does not
 * get SMS is left alone ({changed: false}). Reminders stop at once: the planner only takes
 * accounts whose preference is SMS.
 */
export async function optOutOfSms(
  tx: Tx,
  options: {
    accountId: number;
    source: 'WEB' | 'SMS_REPLY' | 'STAFF';
    evidence: Prisma.InputJsonValue;
    staffUserId?: number;
    rules: BillingRules;
    now?: Date;
  },
): Promise<SmsOptOutResult> {
  const now = options.now ?? new Date();
  const [account] = await tx.$queryRawUnsafe<
    { contact_preference: string; sms_phone_e164: string | null }[]
  >(
    'SELECT contact_preference::text, sms_phone_e164 FROM account WHERE id = $1 FOR NO KEY UPDATE',
    options.accountId,
  );
  if (account?.contact_preference !== 'SMS' || !account.sms_phone_e164) {
    return { changed: false };
  }
  await tx.account.update({
    where: { id: options.accountId },
    data: { contactPreference: 'CALLS', smsPhoneE164: null },
  });
  await tx.consentRecord.create({
    data: {
      accountId: options.accountId,
      phoneE164: account.sms_phone_e164,
      channel: 'SMS_REMINDERS',
      action: 'OPT_OUT',
      source: options.source,
      staffUserId: options.staffUserId ?? null,
      evidence: options.evidence,
      createdAt: now,
    },
  });
  const callList = await refreshCallListEntry(tx, {
    accountId: options.accountId,
    asOf: now,
    rules: options.rules,
  });
  return { changed: true, phoneE164: account.sms_phone_e164, callList };
}
