import 'server-only';
import type { PrismaClient } from '../../server/db';
import type { Prisma } from '../../server/generated/prisma/client';
import { maskPhone } from '../accounts/mask-phone';
import { AppError } from '../app-error';
import {
  normaliseOneTimeCode,
  oneTimeCodeProblem,
  verifyOneTimeCodeHash,
} from '../auth/one-time-code';
import type { BillingRules } from '../billing-rules';
import type { CallListChange, CallListEvaluation } from '../call-list/call-list-reason';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';

export type SmsChoiceResult = {
  maskedPhone: string;
  /** What the choice did to the call list, in the same transaction. */
  callList: { change: CallListChange; evaluation: CallListEvaluation };
  /** Other accounts that get SMS at the same number (allowed: a family pays several flats). */
  sharedWithAccounts: number;
};

/**
 * Step 2 of choosing SMS (DESIGN rule 4): the resident types the code sent to the new number.
 * In ONE transaction: the code is consumed, the number is stored as a verified mobile of the
 * account, the contact preference becomes SMS with that number, a consent record keeps who,
 * which number, when, how and the exact text the resident was shown, and the call list is
 * re-evaluated — the account leaves it with reason SMS_OPT_IN, visible in the dialer's feed at
 * the commit. Changing the number is the same step with another number.
 * A wrong code counts one of the code's 5 guesses and changes nothing else.
 * Throws INVALID_INPUT {field: code, problem: WRONG | NO_CODE | EXPIRED | USED | TOO_MANY_ATTEMPTS}.
 */
export async function confirmSmsOptIn(
  db: PrismaClient,
  options: {
    accountId: number;
    code: string;
    key: string;
    /** The consent text exactly as shown to the resident, and its language. */
    consentText: string;
    locale: string;
    /** Keyed hash of the client's address (no raw IP in the evidence). */
    clientKey: string;
    rules: BillingRules;
    now?: Date;
  },
): Promise<SmsChoiceResult> {
  const now = options.now ?? new Date();
  const typed = normaliseOneTimeCode(options.code);
  // A wrong guess must be counted even though the business transaction is refused, so the
  // guess is recorded in its own transaction first.
  const verdict = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT id FROM account WHERE id = $1 FOR UPDATE', options.accountId);
    const stored = await tx.oneTimeCode.findFirst({
      where: { accountId: options.accountId, purpose: 'SMS_OPT_IN' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    if (!stored) return { ok: false as const, problem: 'NO_CODE' as const };
    const problem = oneTimeCodeProblem(stored, now);
    if (problem) return { ok: false as const, problem };
    await tx.oneTimeCode.update({ where: { id: stored.id }, data: { attempts: { increment: 1 } } });
    const matches =
      typed !== null &&
      verifyOneTimeCodeHash(options.accountId, typed, stored.codeHash, options.key);
    return matches
      ? { ok: true as const, codeId: stored.id, phone: stored.phoneE164 }
      : { ok: false as const, problem: 'WRONG' as const };
  });
  if (!verdict.ok) {
    throw new AppError('INVALID_INPUT', 'the code is not valid', {
      field: 'code',
      problem: verdict.problem,
    });
  }

  return db.$transaction(async (tx) => {
    // Consumed only if still unconsumed: two confirmations of one code cannot both pass.
    const consumed = await tx.oneTimeCode.updateMany({
      where: { id: verdict.codeId, consumedAt: null },
      data: { consumedAt: now },
    });
    if (consumed.count !== 1) {
      throw new AppError('INVALID_INPUT', 'the code was already used', {
        field: 'code',
        problem: 'USED',
      });
    }
    await tx.phone.upsert({
      where: { accountId_e164: { accountId: options.accountId, e164: verdict.phone } },
      create: {
        accountId: options.accountId,
        e164: verdict.phone,
        kind: 'MOBILE',
        verifiedAt: now,
        createdAt: now,
      },
      update: { kind: 'MOBILE', verifiedAt: now, smsFailedAt: null },
    });
    await tx.account.update({
      where: { id: options.accountId },
      data: { contactPreference: 'SMS', smsPhoneE164: verdict.phone },
    });
    const evidence: Prisma.InputJsonValue = {
      method: 'WEB_ONE_TIME_CODE',
      oneTimeCodeId: verdict.codeId,
      text: options.consentText,
      locale: options.locale,
      clientKey: options.clientKey,
    };
    await tx.consentRecord.create({
      data: {
        accountId: options.accountId,
        phoneE164: verdict.phone,
        channel: 'SMS_REMINDERS',
        action: 'OPT_IN',
        source: 'WEB',
        evidence,
        createdAt: now,
      },
    });
    const callList = await refreshCallListEntry(tx, {
      accountId: options.accountId,
      asOf: now,
      rules: options.rules,
    });
    const sharedWithAccounts = await tx.account.count({
      where: {
        smsPhoneE164: verdict.phone,
        contactPreference: 'SMS',
        id: { not: options.accountId },
      },
    });
    return { maskedPhone: maskPhone(verdict.phone), callList, sharedWithAccounts };
  });
}
