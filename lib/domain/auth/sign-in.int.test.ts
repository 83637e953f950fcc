import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountWithDebt, uniqueAccountNumber } from '../../../test/factories';
import { getPrisma } from '../../server/db';
import { createLogTransport, sendSms } from '../../server/sms/transport';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME } from '../accounts/account-number';
import { hashBillAccessCode } from '../accounts/bill-access-code';
import { isAppError } from '../app-error';
import { issueSignInCode } from './issue-sign-in-code';
import { SIGN_IN_POLICY } from './policy';
import { signInWithBillCode } from './sign-in-with-bill-code';
import { signInWithSmsCode } from './sign-in-with-sms-code';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const PEPPER = 'int-test-pepper';
const KEY = 'int-test-otp-key';
const scheme = DEFAULT_ACCOUNT_NUMBER_SCHEME;
const T0 = Date.parse('2026-11-27T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const clientKey = () => `client-${randomBytes(6).toString('hex')}`;

async function account(code = '12345678', phone?: string | null) {
  const created = await createAccountWithDebt(prisma, {
    months: [],
    monthlyKopecks: 10_000,
    phone,
  });
  await prisma.account.update({
    where: { id: created.accountId },
    data: { billAccessCodeHash: hashBillAccessCode(created.accountNumber, code, PEPPER) },
  });
  return created;
}

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; reason: unknown; unlocksAt?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) {
      const details = error.details;
      return {
        code: error.code,
        reason:
          details && 'reason' in details
            ? details.reason
            : details && 'problem' in details
              ? details.problem
              : undefined,
        unlocksAt: details && 'unlocksAt' in details ? details.unlocksAt.toISOString() : undefined,
      };
    }
    throw error;
  }
  throw new Error('expected a failure');
}

const bill = (accountNumber: string, code: string, now: Date, key = clientKey()) =>
  signInWithBillCode(prisma, { accountNumber, code, clientKey: key, scheme, pepper: PEPPER, now });

describe('sign-in with the bill access code', () => {
  it('accepts the right code (typed with spaces) and records the attempt', async () => {
    const a = await account();
    const subject = await bill(
      ` ${a.accountNumber.slice(0, 4)} ${a.accountNumber.slice(4)}`,
      '1234 5678',
      at(0),
    );
    expect(subject).toEqual({ accountId: a.accountId, accountNumber: a.accountNumber });
    const attempts = await prisma.signInAttempt.findMany({ where: { accountId: a.accountId } });
    expect(attempts.map((row) => [row.method, row.succeeded])).toEqual([['BILL_CODE', true]]);
  });

  it('answers wrong code, unknown account and malformed number the same way', async () => {
    const a = await account();
    const invalid = { code: 'UNAUTHORIZED', reason: 'INVALID', unlocksAt: undefined };
    expect(await failure(bill(a.accountNumber, '87654321', at(0)))).toEqual(invalid);
    expect(await failure(bill(a.accountNumber, 'abc', at(0)))).toEqual(invalid);
    expect(await failure(bill('1234567897', '12345678', at(0)))).toEqual(invalid);
    expect(await failure(bill('12', '12345678', at(0)))).toEqual(invalid);
    expect(await failure(bill('1234567890', '12345678', at(0)))).toEqual(invalid);
  });

  it('locks one client after 5 failures in 15 minutes, for 15 minutes, even with the right code', async () => {
    const a = await account();
    const guesser = clientKey();
    for (let i = 0; i < 4; i++) {
      expect((await failure(bill(a.accountNumber, '00000000', at(i), guesser))).reason).toBe(
        'INVALID',
      );
    }
    const fifth = await failure(bill(a.accountNumber, '00000000', at(4), guesser));
    expect(fifth).toEqual({
      code: 'RATE_LIMITED',
      reason: 'LOCKED',
      unlocksAt: at(19).toISOString(),
    });
    const right = await failure(bill(a.accountNumber, '12345678', at(10), guesser));
    expect(right).toMatchObject({ reason: 'LOCKED', unlocksAt: at(19).toISOString() });
    // The lock covers that client's SMS method too.
    expect(
      await failure(
        signInWithSmsCode(prisma, {
          accountNumber: a.accountNumber,
          code: '123456',
          clientKey: guesser,
          scheme,
          key: KEY,
          now: at(11),
        }),
      ),
    ).toMatchObject({ reason: 'LOCKED' });
    expect(await bill(a.accountNumber, '12345678', at(19), guesser)).toMatchObject({
      accountId: a.accountId,
    });
    expect(await prisma.signInAttempt.count({ where: { accountId: a.accountId } })).toBe(8);
  });

  it('an attacker elsewhere cannot lock the resident out: their failures lock only themselves', async () => {
    const a = await account();
    const attacker = clientKey();
    const resident = clientKey();
    // The attacker keeps the account "locked" for themself, again and again.
    for (let i = 0; i < 12; i++) await failure(bill(a.accountNumber, '00000000', at(i), attacker));
    expect(await failure(bill(a.accountNumber, '00000000', at(12), attacker))).toMatchObject({
      reason: 'LOCKED',
    });
    // The resident, on their own phone, signs in at once.
    expect(await bill(a.accountNumber, '12345678', at(12), resident)).toMatchObject({
      accountId: a.accountId,
    });
  });

  it('distributed guessing from many clients meets a progressive delay on the bill code; the SMS code still works', async () => {
    const a = await account('12345678', '+380671234599');
    for (let i = 0; i < 19; i++) {
      expect((await failure(bill(a.accountNumber, '00000000', at(0), clientKey()))).reason).toBe(
        'INVALID',
      );
    }
    expect(await failure(bill(a.accountNumber, '00000000', at(0), clientKey()))).toMatchObject({
      reason: 'LOCKED',
      unlocksAt: at(1).toISOString(),
    });
    // The 20th failure starts a 1-minute wait for every client, the right code included.
    expect(await failure(bill(a.accountNumber, '12345678', at(0.5), clientKey()))).toMatchObject({
      reason: 'LOCKED',
      unlocksAt: at(1).toISOString(),
    });
    // Each further failure doubles the wait: 2, 4, … minutes.
    expect(await failure(bill(a.accountNumber, '00000000', at(1), clientKey()))).toMatchObject({
      reason: 'LOCKED',
      unlocksAt: at(3).toISOString(),
    });
    // The resident's way through: a code sent to the phone on file.
    const resident = clientKey();
    let code = '';
    await issueSignInCode(prisma, {
      accountNumber: a.accountNumber,
      clientKey: resident,
      scheme,
      key: KEY,
      composeBody: (c) => `code ${c}`,
      send: async (message) => {
        code = message.secret;
      },
      now: at(1.5),
    });
    expect(
      await signInWithSmsCode(prisma, {
        accountNumber: a.accountNumber,
        code,
        clientKey: resident,
        scheme,
        key: KEY,
        now: at(2),
      }),
    ).toMatchObject({ accountId: a.accountId });
    // A success resets the count: the bill code works again without delay.
    expect(await bill(a.accountNumber, '12345678', at(2.5), clientKey())).toMatchObject({
      accountId: a.accountId,
    });
  });

  it('pauses bill-code sign-in city-wide after too many failures in an hour (SMS still works)', async () => {
    const a = await account();
    const now = new Date();
    const windowStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    await prisma.rateLimitCounter.upsert({
      where: { key_windowStart: { key: 'sign-in:bill-code-failures', windowStart } },
      create: {
        key: 'sign-in:bill-code-failures',
        windowStart,
        count: SIGN_IN_POLICY.globalBillCodeFailuresPerHour,
        expiresAt: new Date(windowStart.getTime() + 3_600_000),
      },
      update: { count: SIGN_IN_POLICY.globalBillCodeFailuresPerHour },
    });
    try {
      expect(await failure(bill(a.accountNumber, '12345678', now))).toMatchObject({
        reason: 'LOCKED',
        unlocksAt: new Date(windowStart.getTime() + 3_600_000).toISOString(),
      });
    } finally {
      await prisma.rateLimitCounter.deleteMany({ where: { key: 'sign-in:bill-code-failures' } });
    }
    expect(await bill(a.accountNumber, '12345678', now)).toMatchObject({ accountId: a.accountId });
  });

  it('serialises concurrent guesses from one client: 20 at once still lock after 5 checked', async () => {
    const a = await account();
    const guesser = clientKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => failure(bill(a.accountNumber, '00000000', at(0), guesser))),
    );
    expect(results.filter((r) => r.reason === 'INVALID')).toHaveLength(4);
    expect(results.filter((r) => r.reason === 'LOCKED')).toHaveLength(16);
  });

  it('locks unknown numbers the same way, per client (the lock does not reveal which numbers exist)', async () => {
    // A number no other test uses: counters are per number, client and 15-minute window.
    const unknown = '9876543217';
    const key = clientKey();
    const now = new Date();
    const replies = [];
    for (let i = 0; i < 6; i++)
      replies.push((await failure(bill(unknown, '00000000', now, key))).reason);
    expect(replies).toEqual(['INVALID', 'INVALID', 'INVALID', 'INVALID', 'LOCKED', 'LOCKED']);
    expect((await failure(bill(unknown, '00000000', now, clientKey()))).reason).toBe('INVALID');
  });

  it('tells the client how many failures it has left, counting down alike for a real and an unknown number', async () => {
    const a = await account();
    const unknown = uniqueAccountNumber(); // well-formed, matching no account
    const left = async (accountNumber: string, key: string, now: Date) => {
      try {
        await bill(accountNumber, '00000000', now, key);
      } catch (error) {
        if (isAppError(error, 'UNAUTHORIZED')) return error.details?.remainingAttempts;
        if (isAppError(error, 'RATE_LIMITED')) return error.details.reason;
        throw error;
      }
      throw new Error('expected a failure');
    };
    for (const number of [a.accountNumber, unknown]) {
      const key = clientKey();
      const replies = [];
      for (let i = 0; i < 6; i++) replies.push(await left(number, key, at(i)));
      expect(replies).toEqual([4, 3, 2, 1, 'LOCKED', 'LOCKED']);
    }
    // A success clears the count; another client starts with its own five.
    const key = clientKey();
    expect(await left(a.accountNumber, key, at(30))).toBe(4);
    await bill(a.accountNumber, '12345678', at(31), key);
    expect(await left(a.accountNumber, key, at(32))).toBe(4);
    // A malformed number is not counted: no count is claimed for it.
    expect(await left('12', key, at(33))).toBeUndefined();
  });

  it('rate-limits one client across accounts (100 attempts per 15 minutes)', async () => {
    const key = clientKey();
    const now = at(0);
    for (let i = 0; i < 100; i++) {
      expect((await failure(bill('12', '00000000', now, key))).reason).toBe('INVALID');
    }
    expect(await failure(bill('12', '00000000', now, key))).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'CLIENT',
    });
  });
});

describe('sign-in with a code sent by SMS', () => {
  const sent: string[] = [];
  const transport = createLogTransport((line) => sent.push(line));

  const issue = (accountNumber: string, now: Date, key = clientKey()) =>
    issueSignInCode(prisma, {
      accountNumber,
      clientKey: key,
      scheme,
      key: KEY,
      now,
      composeBody: (code) => `Kvartplata: code ${code}`,
      send: (message) => sendSms(prisma, transport, { ...message, kind: 'ONE_TIME_CODE' }),
    });
  const sms = (accountNumber: string, code: string, now: Date) =>
    signInWithSmsCode(prisma, {
      accountNumber,
      code,
      clientKey: clientKey(),
      scheme,
      key: KEY,
      now,
    });

  async function lastCode(accountId: number): Promise<string> {
    const message = await prisma.smsMessage.findFirstOrThrow({
      where: { accountId, kind: 'ONE_TIME_CODE' },
      orderBy: { id: 'desc' },
    });
    expect(message.status).toBe('SENT');
    expect(message.providerMessageId).toMatch(/^log_/);
    const code = /\b([0-9]{6})\b/.exec(message.body)?.[1];
    if (!code) throw new Error(`no code in ${message.body}`);
    return code;
  }

  it('issues a hashed 10-minute code to the phone on file and signs in with it once', async () => {
    const a = await account('12345678', '+380501234567');
    const issued = await issue(a.accountNumber, at(0));
    expect(issued).toEqual({
      accountNumber: a.accountNumber,
      maskedPhone: '+380 •• ••• •• 67',
      expiresAt: at(10),
    });
    const code = await lastCode(a.accountId);
    const stored = await prisma.oneTimeCode.findFirstOrThrow({ where: { accountId: a.accountId } });
    expect(stored.codeHash).not.toContain(code);
    expect(stored.phoneE164).toBe('+380501234567');
    expect(sent.at(-1)).toContain('+380501234567');
    expect(await sms(a.accountNumber, code, at(9))).toEqual({
      accountId: a.accountId,
      accountNumber: a.accountNumber,
    });
    expect((await failure(sms(a.accountNumber, code, at(9)))).reason).toBe('INVALID');
  });

  it('refuses an expired code', async () => {
    const a = await account();
    await issue(a.accountNumber, at(0));
    const code = await lastCode(a.accountId);
    expect((await failure(sms(a.accountNumber, code, at(10)))).reason).toBe('INVALID');
  });

  it('allows 5 guesses per code: the right code after 5 wrong ones no longer works', async () => {
    const a = await account();
    await issue(a.accountNumber, at(0));
    const code = await lastCode(a.accountId);
    const wrong = code === '000000' ? '111111' : '000000';
    // Spread out so that the account lockout (5 in 15 min) is not what stops it.
    for (let i = 0; i < 4; i++) await failure(sms(a.accountNumber, wrong, at(i * 0.5)));
    await prisma.signInAttempt.deleteMany({ where: { accountId: a.accountId } });
    await failure(sms(a.accountNumber, wrong, at(3)));
    const stored = await prisma.oneTimeCode.findFirstOrThrow({ where: { accountId: a.accountId } });
    expect(stored.attempts).toBe(5);
    await prisma.signInAttempt.deleteMany({ where: { accountId: a.accountId } });
    expect(await failure(sms(a.accountNumber, code, at(4)))).toMatchObject({ reason: 'INVALID' });
  });

  it('throttles resends: 1 a minute, 5 an hour; only the newest code works', async () => {
    const a = await account();
    await issue(a.accountNumber, at(0));
    const first = await lastCode(a.accountId);
    expect(await failure(issue(a.accountNumber, at(0.5)))).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'RESEND',
    });
    for (const minute of [1, 2, 3, 4]) await issue(a.accountNumber, at(minute));
    expect(await failure(issue(a.accountNumber, at(30)))).toMatchObject({ reason: 'RESEND' });
    const newest = await lastCode(a.accountId);
    if (newest !== first)
      expect((await failure(sms(a.accountNumber, first, at(5)))).reason).toBe('INVALID');
    expect(await sms(a.accountNumber, newest, at(5))).toMatchObject({ accountId: a.accountId });
    await issue(a.accountNumber, at(61));
    expect(await prisma.smsMessage.count({ where: { accountId: a.accountId } })).toBe(6);
  });

  it('needs a mobile phone on file and a real account', async () => {
    const noPhone = await account('12345678', null);
    expect(await failure(issue(noPhone.accountNumber, at(0)))).toMatchObject({
      code: 'INVALID_INPUT',
      reason: 'NO_PHONE',
    });
    expect(await failure(issue('1234567897', at(0)))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(issue('nonsense', at(0)))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records a failed send as FAILED and masks the code when the transport is real', async () => {
    const a = await account();
    const broken = { send: async () => Promise.reject(new Error('provider down')) };
    await expect(
      issueSignInCode(prisma, {
        accountNumber: a.accountNumber,
        clientKey: clientKey(),
        scheme,
        key: KEY,
        now: at(0),
        composeBody: (code) => `code ${code}`,
        send: (message) => sendSms(prisma, broken, { ...message, kind: 'ONE_TIME_CODE' }),
      }),
    ).rejects.toThrow('provider down');
    const row = await prisma.smsMessage.findFirstOrThrow({ where: { accountId: a.accountId } });
    expect(row).toMatchObject({ status: 'FAILED', body: 'code ••••••', error: 'provider down' });
  });
});
