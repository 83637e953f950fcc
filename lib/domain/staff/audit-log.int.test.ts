/**
 * Reading the audit log on the real PostgreSQL server: the filters (staff member, account,
 * action prefix, period) and paging, SUPERVISOR only, the CSV export (formula injection
 * escaped, ISO times, audited itself, capped at 50,000 rows), and that the database refuses to
 * change or delete an entry.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountWithDebt } from '@/test/factories';
import { getPrisma } from '../../server/db';
import { isAppError } from '../app-error';
import { recordAudit } from './audit';
import { auditLogCsv, listAuditLog, MAX_AUDIT_EXPORT_ROWS } from './audit-log';
import type { StaffActor, StaffRole } from './staff-actor';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

async function staff(role: StaffRole, name = 'Staff'): Promise<StaffActor & { email: string }> {
  const tag = randomBytes(6).toString('hex');
  const user = await prisma.staffUser.create({
    data: { email: `staff-${tag}@test.invalid`, name: `${name} ${tag}`, role, passwordHash: 'x' },
  });
  return { staffUserId: user.id, role, email: user.email };
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const T = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute, 0, 123));

/** A small log of its own: every action starts with a per-test prefix. */
async function fixture() {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const alice = await staff('SUPPORT', 'Аліса');
  const bob = await staff('SUPERVISOR', 'Bob');
  const account = await createAccountWithDebt(prisma, { months: [], monthlyKopecks: 10_000 });
  const entries = [
    { actor: alice, action: `${prefix}.account.view`, accountId: account.accountId, at: T(1) },
    { actor: alice, action: `${prefix}.payment.attach`, accountId: account.accountId, at: T(2) },
    { actor: bob, action: `${prefix}.payment.refund`, accountId: null, at: T(3) },
    { actor: bob, action: `${prefix}.bill_code.reissue`, accountId: account.accountId, at: T(4) },
    { actor: alice, action: `${prefix}.billXcode.other`, accountId: null, at: T(5) },
  ];
  const ids: bigint[] = [];
  for (const entry of entries) {
    const row = await prisma.auditLog.create({
      data: {
        actorKind: 'STAFF',
        staffUserId: entry.actor.staffUserId,
        action: entry.action,
        accountId: entry.accountId,
        targetType: 'account',
        targetId: String(entry.accountId ?? ''),
        detail: { n: ids.length },
        createdAt: entry.at,
      },
    });
    ids.push(row.id);
  }
  return { prefix, alice, bob, account, ids: ids.map(String) };
}

describe('listAuditLog', () => {
  it('filters by staff member, account, action prefix and period; newest first; pages with hasMore', async () => {
    const f = await fixture();
    const list = (filters: Parameters<typeof listAuditLog>[2]) =>
      listAuditLog(prisma, f.bob, filters).then((page) => ({
        ids: page.rows.map((row) => row.id),
        hasMore: page.hasMore,
      }));
    const [view, attach, refund, reissue, other] = f.ids;

    expect(await list({ action: f.prefix, page: 1, pageSize: 10 })).toEqual({
      ids: [other, reissue, refund, attach, view],
      hasMore: false,
    });
    expect(
      await list({ action: f.prefix, staffUserId: f.alice.staffUserId, page: 1, pageSize: 10 }),
    ).toEqual({ ids: [other, attach, view], hasMore: false });
    expect(
      await list({
        action: f.prefix,
        accountNumber: `${f.account.accountNumber.slice(0, 3)} ${f.account.accountNumber.slice(3)}`,
        page: 1,
        pageSize: 10,
      }),
    ).toEqual({ ids: [reissue, attach, view], hasMore: false });
    expect(await list({ action: `${f.prefix}.payment.`, page: 1, pageSize: 10 })).toEqual({
      ids: [refund, attach],
      hasMore: false,
    });
    // An underscore in the prefix is a letter, not LIKE's "any character".
    expect(await list({ action: `${f.prefix}.bill_code`, page: 1, pageSize: 10 })).toEqual({
      ids: [reissue],
      hasMore: false,
    });
    // From inclusive, to exclusive.
    expect(await list({ action: f.prefix, from: T(2), to: T(4), page: 1, pageSize: 10 })).toEqual({
      ids: [refund, attach],
      hasMore: false,
    });
    expect(
      await list({ action: f.prefix, accountNumber: '0000000000', page: 1, pageSize: 10 }),
    ).toEqual({ ids: [], hasMore: false });
    expect(await list({ action: f.prefix, page: 1, pageSize: 2 })).toEqual({
      ids: [other, reissue],
      hasMore: true,
    });
    expect(await list({ action: f.prefix, page: 3, pageSize: 2 })).toEqual({
      ids: [view],
      hasMore: false,
    });

    const page = await listAuditLog(prisma, f.bob, {
      action: `${f.prefix}.payment.attach`,
      page: 1,
      pageSize: 10,
    });
    expect(page.rows[0]).toEqual({
      id: attach,
      createdAt: T(2),
      actorKind: 'STAFF',
      staff: {
        id: f.alice.staffUserId,
        name: expect.stringMatching(/^Аліса /),
        email: f.alice.email,
      },
      action: `${f.prefix}.payment.attach`,
      account: { id: f.account.accountId, number: f.account.accountNumber },
      targetType: 'account',
      targetId: String(f.account.accountId),
      detail: { n: 1 },
    });
  });

  it('is for SUPERVISOR and ADMIN: SUPPORT gets FORBIDDEN, and its export attempt writes nothing', async () => {
    const support = await staff('SUPPORT');
    const admin = await staff('ADMIN');
    expect(await refusal(listAuditLog(prisma, support, { page: 1, pageSize: 10 }))).toBe(
      'FORBIDDEN',
    );
    const before = await prisma.auditLog.count();
    expect(await refusal(auditLogCsv(prisma, support, {}))).toBe('FORBIDDEN');
    expect(await prisma.auditLog.count()).toBe(before);
    await expect(listAuditLog(prisma, admin, { page: 1, pageSize: 1 })).resolves.toBeDefined();
  });
});

describe('auditLogCsv', () => {
  it('a header, one CRLF line per entry in ISO UTC, every cell escaped against formulas; the export is audited', async () => {
    const f = await fixture();
    const evil = await staff('SUPPORT', '=HYPERLINK("http://evil.example","x")');
    await prisma.$transaction((tx) =>
      recordAudit(tx, evil, {
        action: `${f.prefix}.zz.note`,
        targetType: '@SUM(1+1)',
        targetId: '-2+3',
        detail: { note: '=cmd|"/c calc"!A1' },
      }),
    );

    const lines = await collect(await auditLogCsv(prisma, f.bob, { action: f.prefix }));
    expect(lines[0]).toBe(
      'time_utc,actor_kind,staff_name,staff_email,action,account_number,target_type,target_id,detail\r\n',
    );
    expect(lines.every((line) => line.endsWith('\r\n'))).toBe(true);
    expect(lines).toHaveLength(1 + 6);
    const evilLine = lines[1] ?? '';
    expect(evilLine).toContain(`"'=HYPERLINK(""http://evil.example"",""x"") `);
    expect(evilLine).toContain(`,'@SUM(1+1),'-2+3,`);
    // The detail cell is JSON; it starts with "{", so only quoting applies.
    expect(evilLine).toContain(`"{""note"":""=cmd|\\""/c calc\\""!A1""}"`);
    expect(lines[2]).toBe(
      `${[
        '2026-11-20T09:05:00.123Z',
        'STAFF',
        `Аліса ${f.alice.email.slice(6, 18)}`,
        f.alice.email,
        `${f.prefix}.billXcode.other`,
        '',
        'account',
        '',
        '"{""n"":4}"',
      ].join(',')}\r\n`,
    );

    const exported = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'audit.export', staffUserId: f.bob.staffUserId },
    });
    expect(exported.detail).toMatchObject({ action: f.prefix, maxRows: MAX_AUDIT_EXPORT_ROWS });
  });

  it(`stops after ${MAX_AUDIT_EXPORT_ROWS} rows and says so`, async () => {
    const prefix = `cap${randomBytes(4).toString('hex')}`;
    await prisma.$executeRawUnsafe(
      `INSERT INTO audit_log (actor_kind, action, created_at)
       SELECT 'SYSTEM', $1, timestamptz '2026-01-01' + n * interval '1 second'
         FROM generate_series(1, $2::int) AS n`,
      `${prefix}.bulk`,
      MAX_AUDIT_EXPORT_ROWS + 1,
    );
    const lines = await collect(
      await auditLogCsv(prisma, await staff('SUPERVISOR'), { action: prefix }),
    );
    expect(lines).toHaveLength(1 + MAX_AUDIT_EXPORT_ROWS + 1);
    expect(lines[1]).toMatch(/^2026-01-01T13:53:21\.000Z,SYSTEM,/);
    expect(lines.at(-1)).toMatch(/^"?\(cut short after 50000 rows/);
  }, 120_000);
});

describe('the audit log is append-only', () => {
  it('the database refuses UPDATE and DELETE of an entry', async () => {
    const f = await fixture();
    const id = f.ids[0];
    for (const statement of [
      `UPDATE audit_log SET action = 'rewritten' WHERE id = ${id}`,
      `DELETE FROM audit_log WHERE id = ${id}`,
    ]) {
      await expect(prisma.$executeRawUnsafe(statement)).rejects.toThrow(/append-only/);
    }
    const row = await prisma.auditLog.findUniqueOrThrow({ where: { id: BigInt(id ?? '0') } });
    expect(row.action).toBe(`${f.prefix}.account.view`);
  });
});
