/**
 * Reissuing a bill access code on the real PostgreSQL server: the old code is refused and the
 * new one accepted by the real sign-in function, the audit row never holds the code, and the
 * SMS job is enqueued (sealed) in the same transaction only for SMS, then sent once by the
 * worker's function — or not at all when superseded or when the number changed.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startWorker } from '@/scripts/worker/start-worker';
import { createAccountWithDebt } from '@/test/factories';
import { getPrisma, type Tx } from '../../server/db';
import { enqueueInTransaction, JOBS } from '../../server/jobs/queue';
import { createLogTransport, type SmsTransport } from '../../server/sms/transport';
import { DEFAULT_ACCOUNT_NUMBER_SCHEME } from '../accounts/account-number';
import { DEV_BILL_CODE_PEPPER, hashBillAccessCode } from '../accounts/bill-access-code';
import { isAppError } from '../app-error';
import { signInWithBillCode } from '../auth/sign-in-with-bill-code';
import { type BillCodeSmsJob, openBillCode, sendBillAccessCode } from '../sms/send-bill-code';
import { reissueBillAccessCode } from './reissue-bill-code';
import type { StaffActor, StaffRole } from './staff-actor';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const PEPPER = 'int-test-reissue-pepper';
const OLD_CODE = '11223344';
const enqueueSms = (tx: Tx, job: BillCodeSmsJob) => enqueueInTransaction(tx, JOBS.billCodeSms, job);
const quietLog = () => createLogTransport(() => {});

async function staff(role: StaffRole = 'SUPPORT'): Promise<StaffActor> {
  const tag = randomBytes(6).toString('hex');
  const user = await prisma.staffUser.create({
    data: { email: `staff-${tag}@test.invalid`, name: `Staff ${tag}`, role, passwordHash: 'x' },
  });
  return { staffUserId: user.id, role };
}

/** An account whose current code is OLD_CODE; SMS: with a verified SMS number. */
async function account(
  contactPreference: 'CALLS' | 'SMS',
  locale: 'uk' | 'ru' | 'en' = 'uk',
  pepper = PEPPER,
) {
  const created = await createAccountWithDebt(prisma, {
    months: [],
    monthlyKopecks: 10_000,
    contactPreference,
  });
  await prisma.account.update({
    where: { id: created.accountId },
    data: {
      billAccessCodeHash: hashBillAccessCode(created.accountNumber, OLD_CODE, pepper),
      preferredLocale: locale,
    },
  });
  return created;
}

/** The real sign-in: true when the code lets the resident in. */
async function signsIn(accountNumber: string, code: string, pepper = PEPPER): Promise<boolean> {
  try {
    await signInWithBillCode(prisma, {
      accountNumber,
      code,
      clientKey: `client-${randomBytes(6).toString('hex')}`,
      scheme: DEFAULT_ACCOUNT_NUMBER_SCHEME,
      pepper,
    });
    return true;
  } catch (error) {
    if (isAppError(error, 'UNAUTHORIZED')) return false;
    throw error;
  }
}

async function jobsFor(accountId: number) {
  return prisma.$queryRawUnsafe<{ data: BillCodeSmsJob }[]>(
    `SELECT data FROM pgboss.job WHERE name = $1 AND (data->>'accountId')::int = $2`,
    JOBS.billCodeSms,
    accountId,
  );
}

async function audits(accountId: number) {
  return prisma.auditLog.findMany({
    where: { accountId, action: 'account.bill_code.reissue' },
    orderBy: { id: 'asc' },
  });
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('reissueBillAccessCode', () => {
  it('SHOW: returns a new 8-digit code once; the old code is refused at once and the new one accepted; audited without the code; no SMS job', async () => {
    const actor = await staff();
    const a = await account('SMS');
    expect(await signsIn(a.accountNumber, OLD_CODE)).toBe(true);

    const result = await reissueBillAccessCode(prisma, actor, {
      accountId: a.accountId,
      deliver: 'SHOW',
      pepper: PEPPER,
    });
    if (result.deliver !== 'SHOW') throw new Error('expected SHOW');
    expect(result.code).toMatch(/^[0-9]{8}$/);
    expect(await signsIn(a.accountNumber, OLD_CODE)).toBe(false);
    expect(await signsIn(a.accountNumber, result.code)).toBe(true);

    const stored = await prisma.account.findUniqueOrThrow({ where: { id: a.accountId } });
    expect(stored.billAccessCodeHash).toBe(
      hashBillAccessCode(a.accountNumber, result.code, PEPPER),
    );
    const [audit, ...more] = await audits(a.accountId);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({
      actorKind: 'STAFF',
      staffUserId: actor.staffUserId,
      targetType: 'account',
      targetId: String(a.accountId),
      detail: { deliver: 'SHOW' },
    });
    expect(JSON.stringify({ ...audit, id: String(audit?.id) })).not.toContain(result.code);
    expect(await jobsFor(a.accountId)).toEqual([]);
  });

  it('SMS: enqueues the sealed code in the same transaction; the worker sends it once in the resident language; the code works', async () => {
    const actor = await staff();
    const a = await account('SMS', 'ru');
    const result = await reissueBillAccessCode(prisma, actor, {
      accountId: a.accountId,
      deliver: 'SMS',
      pepper: PEPPER,
      enqueueSms,
    });
    if (result.deliver !== 'SMS') throw new Error('expected SMS');
    expect(result).toEqual({ deliver: 'SMS', maskedPhone: expect.stringMatching(/^\+380 /) });
    expect(result).not.toHaveProperty('code');
    expect(await signsIn(a.accountNumber, OLD_CODE)).toBe(false);

    const jobs = await jobsFor(a.accountId);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]?.data as BillCodeSmsJob;
    expect(job).toMatchObject({ accountId: a.accountId, phoneE164: a.phone });
    const code = openBillCode(job.sealedCode, a.accountId, PEPPER);
    expect(code).toMatch(/^[0-9]{8}$/);
    // Neither the job row nor the audit row holds the code in clear.
    expect(JSON.stringify(job)).not.toContain(code);
    const [audit] = await audits(a.accountId);
    expect(audit?.detail).toEqual({ deliver: 'SMS', to: result.maskedPhone });
    expect(JSON.stringify({ ...audit, id: String(audit?.id) })).not.toContain(code);

    // The worker's side: sent once (a retried job sends nothing more).
    const transport = quietLog();
    expect(await sendBillAccessCode(prisma, { ...job, pepper: PEPPER, transport })).toBe('SENT');
    expect(await sendBillAccessCode(prisma, { ...job, pepper: PEPPER, transport })).toBe(
      'ALREADY_SENT',
    );
    const messages = await prisma.smsMessage.findMany({
      where: { accountId: a.accountId, dedupeKey: `bill-code:${job.reissueId}` },
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      phoneE164: a.phone,
      status: 'SENT',
      body: `Новый код доступа к счёту ${a.accountNumber}: ${code}. Старый не действует.`,
    });
    expect(await signsIn(a.accountNumber, code)).toBe(true);
  });

  it('SMS through a real provider: the stored message has the code masked', async () => {
    const a = await account('SMS', 'en');
    await reissueBillAccessCode(prisma, await staff(), {
      accountId: a.accountId,
      deliver: 'SMS',
      pepper: PEPPER,
      enqueueSms,
    });
    const job = (await jobsFor(a.accountId))[0]?.data as BillCodeSmsJob;
    const code = openBillCode(job.sealedCode, a.accountId, PEPPER);
    const sent: string[] = [];
    const provider: SmsTransport = {
      async send(_to, body) {
        sent.push(body);
        return { providerMessageId: `SM${randomBytes(8).toString('hex')}` };
      },
    };
    expect(await sendBillAccessCode(prisma, { ...job, pepper: PEPPER, transport: provider })).toBe(
      'SENT',
    );
    expect(sent).toEqual([
      `Your new bill access code for account ${a.accountNumber} is ${code}. The old code no longer works.`,
    ]);
    const message = await prisma.smsMessage.findFirstOrThrow({
      where: { dedupeKey: `bill-code:${job.reissueId}` },
    });
    expect(message.body).not.toContain(code);
    expect(message.body).toContain('••••••••');
  });

  it('a later reissue supersedes an unsent SMS; a changed SMS number gets nothing', async () => {
    const a = await account('SMS');
    const actor = await staff();
    const options = { accountId: a.accountId, deliver: 'SMS', pepper: PEPPER, enqueueSms } as const;
    await reissueBillAccessCode(prisma, actor, options);
    await reissueBillAccessCode(prisma, actor, options);
    const [first, second] = (await jobsFor(a.accountId)).map((row) => row.data);
    if (!first || !second) throw new Error('expected two jobs');
    const transport = quietLog();
    // Which job is newer is not known from the table order: exactly one code is current.
    const outcomes = [
      await sendBillAccessCode(prisma, { ...first, pepper: PEPPER, transport }),
      await sendBillAccessCode(prisma, { ...second, pepper: PEPPER, transport }),
    ].sort();
    expect(outcomes).toEqual(['SENT', 'SUPERSEDED']);

    await reissueBillAccessCode(prisma, actor, options);
    const third = (await jobsFor(a.accountId))
      .map((row) => row.data)
      .find((job) => job.reissueId !== first.reissueId && job.reissueId !== second.reissueId);
    if (!third) throw new Error('expected a third job');
    await prisma.account.update({
      where: { id: a.accountId },
      data: { contactPreference: 'CALLS', smsPhoneE164: null },
    });
    expect(await sendBillAccessCode(prisma, { ...third, pepper: PEPPER, transport })).toBe(
      'NOT_FOR_SMS',
    );
  });

  it('SMS without a verified SMS number: INVALID_INPUT and nothing changed; an unknown account: NOT_FOUND', async () => {
    const actor = await staff();
    const a = await account('CALLS');
    expect(
      await refusal(
        reissueBillAccessCode(prisma, actor, {
          accountId: a.accountId,
          deliver: 'SMS',
          pepper: PEPPER,
          enqueueSms,
        }),
      ),
    ).toEqual({ code: 'INVALID_INPUT', details: { field: 'phone', problem: 'NO_PHONE' } });
    expect(await signsIn(a.accountNumber, OLD_CODE)).toBe(true);
    expect(await audits(a.accountId)).toEqual([]);
    expect(await jobsFor(a.accountId)).toEqual([]);

    expect(
      await refusal(
        reissueBillAccessCode(prisma, actor, {
          accountId: 2_000_000_000,
          deliver: 'SHOW',
          pepper: PEPPER,
        }),
      ),
    ).toEqual({ code: 'NOT_FOUND', details: { what: 'account' } });
  });

  it('a failure to enqueue rolls the reissue back: the old code still works', async () => {
    const a = await account('SMS');
    await expect(
      reissueBillAccessCode(prisma, await staff(), {
        accountId: a.accountId,
        deliver: 'SMS',
        pepper: PEPPER,
        enqueueSms: async () => {
          throw new Error('queue down');
        },
      }),
    ).rejects.toThrow('queue down');
    expect(await signsIn(a.accountNumber, OLD_CODE)).toBe(true);
    expect(await audits(a.accountId)).toEqual([]);
  });
});

describe('through the queue', () => {
  it('a running worker sends the reissued code once (its pepper: the configured one)', async () => {
    const delivered: { to: string; body: string }[] = [];
    const log = createLogTransport(() => {});
    const worker = await startWorker({
      databaseUrl: process.env.DATABASE_URL ?? '',
      log: () => {},
      schedule: false,
      pollingIntervalSeconds: 0.5,
      poolSize: 2,
      transport: {
        recordsSecrets: true,
        async send(to, body) {
          delivered.push({ to, body });
          return log.send(to, body);
        },
      },
    });
    try {
      // No BILL_CODE_PEPPER in tests: the app and the worker both use the development one.
      const a = await account('SMS', 'uk', DEV_BILL_CODE_PEPPER);
      await reissueBillAccessCode(prisma, await staff(), {
        accountId: a.accountId,
        deliver: 'SMS',
        pepper: DEV_BILL_CODE_PEPPER,
        enqueueSms,
      });
      const deadline = Date.now() + 15_000;
      let message = null;
      while (!message && Date.now() < deadline) {
        message = await prisma.smsMessage.findFirst({
          where: {
            accountId: a.accountId,
            dedupeKey: { startsWith: 'bill-code:' },
            status: 'SENT',
          },
        });
        if (!message) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (!message) throw new Error('timed out waiting for the SMS');
      const code = /: ([0-9]{8})\./.exec(message.body)?.[1] ?? '';
      expect(message.body).toBe(
        `Новий код доступу до рахунку ${a.accountNumber}: ${code}. Старий код не діє.`,
      );
      expect(delivered.filter((d) => d.to === a.phone)).toHaveLength(1);
      expect(await signsIn(a.accountNumber, code, DEV_BILL_CODE_PEPPER)).toBe(true);
      expect(await signsIn(a.accountNumber, OLD_CODE, DEV_BILL_CODE_PEPPER)).toBe(false);
    } finally {
      await worker.stop();
    }
  });
});
