/**
 * POST /api/webhooks/sms on the real PostgreSQL server: Twilio's form-encoded inbound messages
 * and delivery reports, signed as Twilio signs them (the SDK's own algorithm); forged or
 * missing signatures are refused before anything is read; STOP in every listed spelling opts
 * out at once with a consent record and one queued confirmation; START needs a fresh code.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, kyivMonthOf } from '@/lib/dates';
import { refreshCallListEntry } from '@/lib/domain/call-list/refresh-call-list-entry';
import { getPrisma } from '@/lib/server/db';
import { getSmsWebhookUrl, getTwilioWebhookToken } from '@/lib/server/env';
import { JOBS } from '@/lib/server/jobs/queue';
import { signLikeTwilio } from '@/lib/server/sms/twilio-webhook';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt } from '@/test/factories';
import { POST } from './route';

const prisma = getPrisma();
const sixMonths = [-8, -7, -6, -5, -4, -3].map((n) => addMonths(kyivMonthOf(new Date()), n));

afterAll(async () => {
  await prisma.$disconnect();
});

function sid(prefix = 'SM') {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

async function post(params: Record<string, string>, signature?: string | null) {
  const body = new URLSearchParams(params).toString();
  const header =
    signature === undefined
      ? signLikeTwilio(getTwilioWebhookToken(), getSmsWebhookUrl(), params)
      : signature;
  const response = await POST(
    new Request('http://internal:3000/api/webhooks/sms', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(header === null ? {} : { 'x-twilio-signature': header }),
      },
    }),
  );
  return { status: response.status, text: await response.text() };
}

/** A debtor over three months behind who chose SMS (so is off the call list). */
async function smsDebtor() {
  const debtor = await createAccountWithDebt(prisma, {
    months: sixMonths,
    monthlyKopecks: 50_000,
    contactPreference: 'SMS',
  });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { accountId: debtor.accountId, rules: DEFAULT_RULES }),
  );
  return { ...debtor, phone: debtor.phone ?? '' };
}

async function optOutJobs(phone: string) {
  const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'phoneE164' = $2`,
    JOBS.optOutConfirmation,
    phone,
  );
  return row?.n ?? 0;
}

async function writes() {
  const [consents, accounts, jobs] = await Promise.all([
    prisma.consentRecord.count(),
    prisma.account.count({ where: { contactPreference: 'SMS' } }),
    prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM pgboss.job'),
  ]);
  return { consents, accounts, jobs: jobs[0]?.n };
}

describe('signature', () => {
  it.each([
    ['a missing signature', null],
    ['a forged signature', 'bm90IGEgc2lnbmF0dXJl'],
    ['a signature made with another token', 'other'],
  ])('%s → 403 and nothing written', async (_name, kind) => {
    const debtor = await smsDebtor();
    const params = { MessageSid: sid(), From: debtor.phone, To: '+380800000000', Body: 'STOP' };
    const signature =
      kind === 'other' ? signLikeTwilio('another-auth-token', getSmsWebhookUrl(), params) : kind;
    const before = await writes();
    expect((await post(params, signature)).status).toBe(403);
    expect(await writes()).toEqual(before);
  });

  it('a valid signature over different parameters (tampered body) → 403', async () => {
    const debtor = await smsDebtor();
    const params = { MessageSid: sid(), From: debtor.phone, Body: 'hello' };
    const signature = signLikeTwilio(getTwilioWebhookToken(), getSmsWebhookUrl(), params);
    expect((await post({ ...params, Body: 'STOP' }, signature)).status).toBe(403);
    expect(
      await prisma.account.count({ where: { id: debtor.accountId, contactPreference: 'SMS' } }),
    ).toBe(1);
  });
});

describe('STOP', () => {
  it.each(['STOP', 'стоп', ' Stop All ', 'UNSUBSCRIBE', 'відписатися', 'СТОП!', 'stop.'])(
    '%j opts the number out at once: back to calls, consent recorded, back on the call list, one confirmation',
    async (body) => {
      const debtor = await smsDebtor();
      const messageSid = sid();
      const { status, text } = await post({
        MessageSid: messageSid,
        From: debtor.phone,
        Body: body,
      });
      expect(status).toBe(200);
      expect(text).toContain('<Response></Response>');
      const account = await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } });
      expect(account).toMatchObject({ contactPreference: 'CALLS', smsPhoneE164: null });
      const consent = await prisma.consentRecord.findFirstOrThrow({
        where: { accountId: debtor.accountId, action: 'OPT_OUT' },
      });
      expect(consent).toMatchObject({ source: 'SMS_REPLY', phoneE164: debtor.phone });
      expect(consent.evidence).toMatchObject({ messageSid });
      expect(
        await prisma.callListEntry.count({
          where: { accountId: debtor.accountId, removedAt: null },
        }),
      ).toBe(1);
      expect(await optOutJobs(debtor.phone)).toBe(1);
      // Twilio retries a delivery it thinks failed: the replay changes nothing more.
      await post({ MessageSid: messageSid, From: debtor.phone, Body: body });
      expect(await prisma.consentRecord.count({ where: { accountId: debtor.accountId } })).toBe(1);
      expect(await optOutJobs(debtor.phone)).toBe(1);
    },
  );

  it('opts out every account that gets SMS at that number, with one confirmation', async () => {
    const first = await smsDebtor();
    const second = await createAccountWithDebt(prisma, {
      months: sixMonths,
      monthlyKopecks: 1_000,
      phone: null,
    });
    await prisma.phone.create({
      data: {
        accountId: second.accountId,
        e164: first.phone,
        kind: 'MOBILE',
        verifiedAt: new Date(),
      },
    });
    await prisma.account.update({
      where: { id: second.accountId },
      data: { contactPreference: 'SMS', smsPhoneE164: first.phone },
    });
    await post({ MessageSid: sid(), From: first.phone, Body: 'STOP' });
    expect(
      await prisma.account.count({
        where: { id: { in: [first.accountId, second.accountId] }, contactPreference: 'CALLS' },
      }),
    ).toBe(2);
    expect(await optOutJobs(first.phone)).toBe(1);
  });

  it('START re-enables nothing and answers how to choose SMS again', async () => {
    const debtor = await smsDebtor();
    await post({ MessageSid: sid(), From: debtor.phone, Body: 'STOP' });
    const { status, text } = await post({ MessageSid: sid(), From: debtor.phone, Body: 'start' });
    expect(status).toBe(200);
    expect(text).toMatch(
      /<Message>Щоб знову отримувати SMS, оберіть їх на порталі: .*\/account\/sms<\/Message>/,
    );
    expect(
      (await prisma.account.findUniqueOrThrow({ where: { id: debtor.accountId } }))
        .contactPreference,
    ).toBe('CALLS');
  });

  it('an unknown number, or a message that is not a keyword, changes nothing', async () => {
    const before = await writes();
    expect((await post({ MessageSid: sid(), From: '+380939999999', Body: 'STOP' })).status).toBe(
      200,
    );
    const debtor = await smsDebtor();
    const after = await writes();
    expect(
      (await post({ MessageSid: sid(), From: debtor.phone, Body: 'please stop calling' })).status,
    ).toBe(200);
    expect(await writes()).toEqual(after);
    expect(after.consents).toBe(before.consents);
  });

  it('a form without From or Body → 400', async () => {
    expect((await post({ MessageSid: sid(), Body: 'STOP' })).status).toBe(400);
  });
});

describe('delivery reports', () => {
  async function message(phone: string, accountId: number) {
    const providerMessageId = sid();
    await prisma.smsMessage.create({
      data: {
        accountId,
        phoneE164: phone,
        kind: 'REMINDER',
        body: 'Борг',
        status: 'SENT',
        providerMessageId,
        sentAt: new Date(),
      },
    });
    return providerMessageId;
  }

  it('moves the status forward (delivered), never back (a late "sent")', async () => {
    const debtor = await smsDebtor();
    const id = await message(debtor.phone, debtor.accountId);
    await post({ MessageSid: id, MessageStatus: 'delivered' });
    await post({ MessageSid: id, MessageStatus: 'sent' });
    const row = await prisma.smsMessage.findUniqueOrThrow({ where: { providerMessageId: id } });
    expect(row.status).toBe('DELIVERED');
    expect(row.deliveredAt).not.toBeNull();
  });

  it.each(['failed', 'undelivered'])(
    '%s flags the number: reminders to it stop',
    async (status) => {
      const debtor = await smsDebtor();
      const id = await message(debtor.phone, debtor.accountId);
      await post({ MessageSid: id, MessageStatus: status, ErrorCode: '30003' });
      const row = await prisma.smsMessage.findUniqueOrThrow({ where: { providerMessageId: id } });
      expect(row.status).toBe(status.toUpperCase());
      const phone = await prisma.phone.findFirstOrThrow({
        where: { accountId: debtor.accountId, e164: debtor.phone },
      });
      expect(phone.smsFailedAt).not.toBeNull();
    },
  );

  it('a report for a message we never sent → 200, nothing written', async () => {
    const { status } = await post({ MessageSid: sid(), MessageStatus: 'delivered' });
    expect(status).toBe(200);
  });
});
