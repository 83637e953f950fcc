import 'server-only';
import { randomInt, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../server/db';
import { hashBillAccessCode } from '../accounts/bill-access-code';
import { maskPhone } from '../accounts/mask-phone';
import { AppError } from '../app-error';
import { type EnqueueBillCodeSms, sealBillCode } from '../sms/send-bill-code';
import { recordAudit } from './audit';
import { requireRole, type StaffActor } from './staff-actor';

/** A uniformly random 8-digit bill access code (leading zeros kept), from the CSPRNG. */
function generateBillAccessCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

export type ReissueBillCodeOptions = {
  accountId: number;
  /** The key bill access codes are hashed with (BILL_CODE_PEPPER). */
  pepper: string;
} & (
  | { deliver: 'SHOW' }
  | {
      deliver: 'SMS';
      /** The queue adapter: the job that sends the code, enqueued in this transaction. */
      enqueueSms: EnqueueBillCodeSms;
    }
);

export type ReissuedBillCode =
  /** The new code, to be shown to the staff member once (it is stored only as a keyed hash). */
  | { deliver: 'SHOW'; code: string; accountNumber: string }
  /** The code goes by SMS to this (masked) number once the job runs; staff never see it. */
  | { deliver: 'SMS'; maskedPhone: string };

/**
 * Reissues an account's bill access code (DESIGN rule 6) at the resident's request (SUPPORT or
 * higher), in ONE transaction: a new crypto-random 8-digit code replaces the stored keyed hash,
 * so the old code stops working at the commit; `account.bill_code.reissue` is audited with how
 * it was delivered (never the code); for SMS, the job that sends the code to the account's
 * verified SMS number (account.sms_phone_e164) is enqueued in the same transaction, so it exists
 * exactly when the new code does. Sessions already signed in stay signed in until they expire.
 *
 * Throws FORBIDDEN, NOT_FOUND (`account`), INVALID_INPUT (`phone`: NO_PHONE) for SMS when the
 * account has no verified SMS number — then nothing has changed and the old code still works.
 */
export async function reissueBillAccessCode(
  prisma: PrismaClient,
  actor: StaffActor,
  options: ReissueBillCodeOptions,
): Promise<ReissuedBillCode> {
  requireRole(actor, 'SUPPORT');
  const code = generateBillAccessCode();
  return prisma.$transaction(async (tx) => {
    const [account] = await tx.$queryRaw<
      { id: number; number: string; sms_phone_e164: string | null }[]
    >`SELECT id, number, sms_phone_e164 FROM account WHERE id = ${options.accountId} FOR NO KEY UPDATE`;
    if (!account) throw new AppError('NOT_FOUND', 'no such account', { what: 'account' });
    const phone = account.sms_phone_e164;
    if (options.deliver === 'SMS' && !phone) {
      throw new AppError(
        'INVALID_INPUT',
        'the account has no verified SMS number: show the code, or let the resident choose SMS first',
        { field: 'phone', problem: 'NO_PHONE' },
      );
    }
    await tx.account.update({
      where: { id: account.id },
      data: { billAccessCodeHash: hashBillAccessCode(account.number, code, options.pepper) },
    });
    await recordAudit(tx, actor, {
      action: 'account.bill_code.reissue',
      accountId: account.id,
      targetType: 'account',
      targetId: account.id,
      detail:
        options.deliver === 'SMS' && phone
          ? { deliver: 'SMS', to: maskPhone(phone) }
          : { deliver: 'SHOW' },
    });
    if (options.deliver === 'SHOW') {
      return { deliver: 'SHOW' as const, code, accountNumber: account.number };
    }
    if (!phone) throw new Error('unreachable: checked above');
    await options.enqueueSms(tx, {
      accountId: account.id,
      phoneE164: phone,
      sealedCode: sealBillCode(code, account.id, options.pepper),
      reissueId: randomUUID(),
    });
    return { deliver: 'SMS' as const, maskedPhone: maskPhone(phone) };
  });
}
