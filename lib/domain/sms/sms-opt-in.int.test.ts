/**
 * Choosing SMS instead of calls (DESIGN rule 4) on the real PostgreSQL server: the code, the
 * one transaction that verifies the number, records consent and takes the account off the call
 * list, every refusal, and going back to calls.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { addMonths, kyivMonthOf } from '../../dates';
import { getPrisma } from '../../server/db';
import { isAppError } from '../app-error';
import { refreshCallListEntry } from '../call-list/refresh-call-list-entry';
import { confirmSmsOptIn } from './confirm-sms-opt-in';
import { optOutOfSms } from './opt-out-of-sms';
import { requestSmsOptInCode } from './request-sms-opt-in-code';

const prisma = getPrisma();
const KEY = 'test-one-time-code-key';
const CONSENT = 'Я погоджуюся отримувати SMS-нагадування про борг на цей номер замість дзвінків.';

afterAll(async () => {
  await prisma.$disconnect();
});

const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));

async function debtorOnTheList() {
  const debtor = await createAccountWithDebt(prisma, { months: sixMonths, monthlyKopecks: 50_000 });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
  );
  return debtor;
}

function clientKey() {
  return randomBytes(8).toString('hex');
}

/** Sends through a capturing "transport": the code as the resident would read it. */
async function requestCode(accountId: number, phone: string, now?: Date) {
  let code = '';
  const issued = await requestSmsOptInCode(prisma, {
    accountId,
    phone,
    clientKey: clientKey(),
    key: KEY,
    composeBody: (c) => `Код: ${c}`,
    send: async (message) => {
      code = message.secret;
    },
    now,
  });
  return { issued, code };
}

const confirm = (accountId: number, code: string, now?: Date) =>
  confirmSmsOptIn(prisma, {
    accountId,
    code,
    key: KEY,
    consentText: CONSENT,
    locale: 'uk',
    clientKey: 'c',
    rules: DEFAULT_RULES,
    now,
  });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error, 'INVALID_INPUT') || isAppError(error, 'RATE_LIMITED')) {
      return { code: error.code, details: error.details };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

async function state(accountId: number) {
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: accountId },
    select: { contactPreference: true, smsPhoneE164: true },
  });
  const [consents, open] = await Promise.all([
    prisma.consentRecord.count({ where: { accountId } }),
    prisma.callListEntry.count({ where: { accountId, removedAt: null } }),
  ]);
  return { ...account, consents, onList: open === 1 };
}

describe('choosing SMS instead of calls', () => {
  it('a typed number → a code → one transaction: verified, SMS, consent with the text shown, off the call list', async () => {
    const debtor = await debtorOnTheList();
    const { issued, code } = await requestCode(debtor.accountId, '050 123 45 67');
    expect(issued.maskedPhone).toBe('+380 •• ••• •• 67');
    expect(code).toMatch(/^\d{6}$/);
    expect(await state(debtor.accountId)).toMatchObject({
      contactPreference: 'CALLS',
      onList: true,
    });

    const result = await confirm(debtor.accountId, code);
    expect(result.callList.change).toBe('REMOVED');
    expect(result.callList.evaluation.reason).toBe('SMS_OPT_IN');
    expect(await state(debtor.accountId)).toEqual({
      contactPreference: 'SMS',
      smsPhoneE164: '+380501234567',
      consents: 1,
      onList: false,
    });
    const consent = await prisma.consentRecord.findFirstOrThrow({
      where: { accountId: debtor.accountId },
    });
    expect(consent).toMatchObject({
      phoneE164: '+380501234567',
      channel: 'SMS_REMINDERS',
      action: 'OPT_IN',
      source: 'WEB',
    });
    expect(consent.evidence).toMatchObject({
      text: CONSENT,
      locale: 'uk',
      method: 'WEB_ONE_TIME_CODE',
    });
    const phone = await prisma.phone.findFirstOrThrow({
      where: { accountId: debtor.accountId, e164: '+380501234567' },
    });
    expect(phone.verifiedAt).not.toBeNull();
    const removal = await prisma.callListEvent.findFirstOrThrow({
      where: { accountId: debtor.accountId, action: 'REMOVED' },
    });
    expect(removal.reason).toBe('SMS_OPT_IN');
  });

  it.each([
    ['0501234567', '+380501234567'],
    ['+380501234567', '+380501234567'],
    ['380671112233', '+380671112233'],
  ])('accepts %s as %s', async (typed, e164) => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 1_000,
    });
    const { code } = await requestCode(debtor.accountId, typed);
    await confirm(debtor.accountId, code);
    expect((await state(debtor.accountId)).smsPhoneE164).toBe(e164);
  });

  it.each([
    ['a landline', '057 700 12 34', 'NOT_MOBILE'],
    ['a foreign number', '+48 512 345 678', 'NOT_UKRAINIAN'],
    ['letters', 'my phone', 'INVALID'],
    ['nothing', '  ', 'EMPTY'],
  ])('refuses %s (%s) with %s and sends nothing', async (_name, typed, problem) => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 1_000,
    });
    const codes = await prisma.oneTimeCode.count({ where: { accountId: debtor.accountId } });
    expect(await refusal(requestCode(debtor.accountId, typed))).toEqual({
      code: 'INVALID_INPUT',
      details: { field: 'phone', problem },
    });
    expect(await prisma.oneTimeCode.count({ where: { accountId: debtor.accountId } })).toBe(codes);
  });

  it('a wrong code counts a guess and changes nothing; five wrong guesses end the code', async () => {
    const debtor = await debtorOnTheList();
    const { code } = await requestCode(debtor.accountId, '0671234567');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(await refusal(confirm(debtor.accountId, wrong))).toMatchObject({
        details: { field: 'code', problem: 'WRONG' },
      });
    }
    expect(await refusal(confirm(debtor.accountId, code))).toMatchObject({
      details: { field: 'code', problem: 'TOO_MANY_ATTEMPTS' },
    });
    expect(await state(debtor.accountId)).toMatchObject({
      contactPreference: 'CALLS',
      consents: 0,
      onList: true,
    });
  });

  it('an expired code, a used code and no code at all are refused', async () => {
    const debtor = await debtorOnTheList();
    expect(await refusal(confirm(debtor.accountId, '123456'))).toMatchObject({
      details: { problem: 'NO_CODE' },
    });
    const sent = new Date(Date.now() - 11 * 60_000);
    const { code } = await requestCode(debtor.accountId, '0671234568', sent);
    expect(await refusal(confirm(debtor.accountId, code))).toMatchObject({
      details: { problem: 'EXPIRED' },
    });
    const fresh = await requestCode(debtor.accountId, '0671234568', new Date(Date.now() + 61_000));
    await confirm(debtor.accountId, fresh.code, new Date(Date.now() + 62_000));
    expect(await refusal(confirm(debtor.accountId, fresh.code))).toMatchObject({
      details: { problem: 'USED' },
    });
    expect((await state(debtor.accountId)).consents).toBe(1);
  });

  it('a second code within a minute is refused (resend limit, shared in PostgreSQL)', async () => {
    const debtor = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 1_000,
    });
    await requestCode(debtor.accountId, '0501112233');
    expect(await refusal(requestCode(debtor.accountId, '0501112233'))).toMatchObject({
      code: 'RATE_LIMITED',
      details: { reason: 'RESEND' },
    });
  });

  it('a number already verified on another account is allowed, and said so', async () => {
    const parents = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 1_000,
    });
    const garage = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 1_000,
    });
    const phone = `0931${String(Date.now()).slice(-6)}`;
    await confirm(parents.accountId, (await requestCode(parents.accountId, phone)).code);
    const second = await requestCode(garage.accountId, phone);
    expect(second.issued.sharedWithAccounts).toBe(1);
    const result = await confirm(garage.accountId, second.code);
    expect(result.sharedWithAccounts).toBe(1);
  });

  it('a failure after the consent record leaves nothing: no SMS choice, no consent, still on the list', async () => {
    const debtor = await debtorOnTheList();
    const { code } = await requestCode(debtor.accountId, '0661234567');
    // The call-list removal is the last write of the transaction, after the consent record.
    const fn = `fail_removal_${randomBytes(4).toString('hex')}`;
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.account_id = ${debtor.accountId} THEN RAISE EXCEPTION 'simulated outage'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON call_list_event FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    try {
      await expect(confirm(debtor.accountId, code)).rejects.toThrow(/simulated outage/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON call_list_event`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    expect(await state(debtor.accountId)).toEqual({
      contactPreference: 'CALLS',
      smsPhoneE164: null,
      consents: 0,
      onList: true,
    });
    // The code was not consumed by the failed transaction: the resident can simply retry.
    expect((await confirm(debtor.accountId, code)).callList.change).toBe('REMOVED');
  });

  it('back to calls: the debtor is on the call list again, with its consent record, in one transaction', async () => {
    const debtor = await debtorOnTheList();
    await confirm(debtor.accountId, (await requestCode(debtor.accountId, '0501234599')).code);
    const result = await prisma.$transaction((tx) =>
      optOutOfSms(tx, {
        accountId: debtor.accountId,
        source: 'WEB',
        evidence: { text: 'back to calls' },
        rules: DEFAULT_RULES,
      }),
    );
    expect(result).toMatchObject({ changed: true, callList: { change: 'ADDED' } });
    expect(await state(debtor.accountId)).toEqual({
      contactPreference: 'CALLS',
      smsPhoneE164: null,
      consents: 2,
      onList: true,
    });
    const again = await prisma.$transaction((tx) =>
      optOutOfSms(tx, {
        accountId: debtor.accountId,
        source: 'WEB',
        evidence: {},
        rules: DEFAULT_RULES,
      }),
    );
    expect(again).toEqual({ changed: false });
  });
});
