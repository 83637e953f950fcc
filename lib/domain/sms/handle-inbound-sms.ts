import 'server-only';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient, Tx } from '../../server/db';
import type { BillingRules } from '../billing-rules';
import { parseInboundKeyword } from './inbound-keyword';
import { optOutOfSms } from './opt-out-of-sms';

export type InboundSmsOutcome =
  | { outcome: 'OPTED_OUT'; accounts: number; backOnCallList: number }
  | { outcome: 'ALREADY_OPTED_OUT' }
  | { outcome: 'START_NEEDS_CODE'; locale: Locale }
  | { outcome: 'UNKNOWN_NUMBER' }
  | { outcome: 'NOT_A_KEYWORD' };

/**
 * A verified inbound SMS (the webhook checked Twilio's signature). STOP in any of its
 * spellings (inbound-keyword.ts) opts every account that gets SMS at that number out at once,
 * in one transaction: preference back to CALLS, a consent record (source SMS_REPLY, with the
 * message id and text), the call list re-evaluated — so an account still over three months
 * behind is back on the dialer's list, and the one confirmation (enqueued in the same
 * transaction, `enqueueConfirmation`) tells the resident exactly that. Replaying the same STOP
 * changes nothing more. START re-enables nothing: a fresh code on the portal is required.
 */
export async function handleInboundSms(
  db: PrismaClient,
  options: {
    from: string;
    body: string;
    messageSid: string;
    rules: BillingRules;
    enqueueConfirmation: (
      tx: Tx,
      job: { accountId: number; phoneE164: string; inboundSid: string; backOnCallList: boolean },
    ) => Promise<void>;
    now?: Date;
  },
): Promise<InboundSmsOutcome> {
  const now = options.now ?? new Date();
  const keyword = parseInboundKeyword(options.body);
  const known =
    (await db.phone.count({ where: { e164: options.from } })) > 0 ||
    (await db.account.count({ where: { smsPhoneE164: options.from } })) > 0;
  if (!known) return { outcome: 'UNKNOWN_NUMBER' };
  if (keyword === null) return { outcome: 'NOT_A_KEYWORD' };
  if (keyword === 'START') {
    const account = await db.account.findFirst({
      where: { OR: [{ smsPhoneE164: options.from }, { phones: { some: { e164: options.from } } }] },
      select: { preferredLocale: true },
      orderBy: { id: 'asc' },
    });
    return { outcome: 'START_NEEDS_CODE', locale: (account?.preferredLocale ?? 'uk') as Locale };
  }

  return db.$transaction(async (tx) => {
    const accounts = await tx.account.findMany({
      where: { smsPhoneE164: options.from, contactPreference: 'SMS' },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    let optedOut = 0;
    let backOnCallList = 0;
    let first: number | undefined;
    for (const account of accounts) {
      const result = await optOutOfSms(tx, {
        accountId: account.id,
        source: 'SMS_REPLY',
        evidence: { messageSid: options.messageSid, text: options.body.slice(0, 160) },
        rules: options.rules,
        now,
      });
      if (!result.changed) continue;
      optedOut += 1;
      first ??= account.id;
      if (result.callList.evaluation.reason === 'OVERDUE') backOnCallList += 1;
    }
    if (first === undefined) return { outcome: 'ALREADY_OPTED_OUT' as const };
    await options.enqueueConfirmation(tx, {
      accountId: first,
      phoneE164: options.from,
      inboundSid: options.messageSid,
      backOnCallList: backOnCallList > 0,
    });
    return { outcome: 'OPTED_OUT' as const, accounts: optedOut, backOnCallList };
  });
}
