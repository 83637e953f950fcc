import 'server-only';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Locale } from '../../i18n/locales';
import type { PrismaClient, Tx } from '../../server/db';
import type { SmsTransport } from '../../server/sms/transport';
import { countSmsSegments } from '../../sms-segments';
import { verifyBillAccessCode } from '../accounts/bill-access-code';
import { composeBillCodeText } from './bill-code-text';
import type { SendOnceOutcome } from './send-once';

/**
 * The job that sends a reissued bill access code by SMS (lib/domain/staff/reissue-bill-code.ts
 * enqueues it in the reissue's own transaction). The code travels sealed: job rows stay in the
 * database for days, and the database never holds a usable code in clear (the account keeps a
 * keyed hash, sms_message a masked body). The seal's key is derived from the bill-code pepper,
 * which adds no exposure: whoever has the pepper can already brute-force an 8-digit code from
 * its hash.
 */
export type BillCodeSmsJob = {
  accountId: number;
  /** The account's verified SMS number when the code was reissued. */
  phoneE164: string;
  /** `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to the account. */
  sealedCode: string;
  /** One per reissue: the SMS goes at most once per reissue (`bill-code:<reissueId>`). */
  reissueId: string;
};

/** Enqueues the job in the caller's transaction; the entry point passes the queue adapter. */
export type EnqueueBillCodeSms = (tx: Tx, job: BillCodeSmsJob) => Promise<void>;

function sealKey(pepper: string): Buffer {
  if (pepper === '') throw new Error('the bill access code pepper must not be empty');
  return createHmac('sha256', pepper).update('kvartplata/bill-code-sms/v1').digest();
}

/** AES-256-GCM under a key derived from the pepper, with the account id as associated data. */
export function sealBillCode(code: string, accountId: number, pepper: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(pepper), iv);
  cipher.setAAD(Buffer.from(`account:${accountId}`));
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => p.toString('base64url')).join('.');
}

/** Opens a sealed code; throws when it was tampered with, or sealed for another account or key. */
export function openBillCode(sealed: string, accountId: number, pepper: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed code');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(pepper), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`account:${accountId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/**
 * SUPERSEDED: the account's code changed again since (a later reissue): the old SMS is not sent.
 * NOT_FOR_SMS: the account's SMS number is no longer the one the code was meant for.
 */
export type BillCodeSmsOutcome = SendOnceOutcome | 'SUPERSEDED' | 'NOT_FOR_SMS';

/**
 * Sends a reissued bill access code, at most once per reissue: the sms_message row is claimed
 * first (QUEUED, unique `bill-code:<reissueId>`) with the code masked unless the transport
 * records secrets (the log transport), then the transport is called, then the row becomes SENT
 * or FAILED. Only while the code is still the account's and the number still its SMS number.
 */
export async function sendBillAccessCode(
  prisma: PrismaClient,
  options: BillCodeSmsJob & { pepper: string; transport: SmsTransport; now?: () => Date },
): Promise<BillCodeSmsOutcome> {
  const now = options.now ?? (() => new Date());
  const account = await prisma.account.findUnique({
    where: { id: options.accountId },
    select: {
      number: true,
      billAccessCodeHash: true,
      smsPhoneE164: true,
      preferredLocale: true,
    },
  });
  if (!account) return 'NOT_FOR_SMS';
  const code = openBillCode(options.sealedCode, options.accountId, options.pepper);
  if (!verifyBillAccessCode(account.number, code, account.billAccessCodeHash, options.pepper)) {
    return 'SUPERSEDED';
  }
  if (account.smsPhoneE164 !== options.phoneE164) return 'NOT_FOR_SMS';

  const body = composeBillCodeText({
    locale: account.preferredLocale as Locale,
    accountNumber: account.number,
    code,
  });
  const stored = options.transport.recordsSecrets ? body : body.split(code).join('•'.repeat(8));
  const claimed = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO sms_message (account_id, phone_e164, kind, body, status, segments, dedupe_key,
                             created_at)
    VALUES (${options.accountId}, ${options.phoneE164}, 'ONE_TIME_CODE'::sms_kind, ${stored},
            'QUEUED', ${countSmsSegments(body).segments}, ${`bill-code:${options.reissueId}`},
            ${now()})
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
  const row = claimed[0];
  if (!row) return 'ALREADY_SENT';
  try {
    const { providerMessageId } = await options.transport.send(options.phoneE164, body);
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
