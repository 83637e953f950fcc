/**
 * Dialer API keys on the real PostgreSQL server, through the dialer API's own route: a key an
 * ADMIN creates works at once and records its last use; revoked, it is refused at the very next
 * request; every change is audited without the key; lower roles change nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GET as getChanges } from '@/app/api/v1/call-list/changes/route';
import { refusalCode } from '@/test/refusal';
import { createStaffUser } from '@/test/staff-factories';
import { getPrisma } from '../../server/db';
import { hashApiKey } from './api-key-hash';
import { createDialerApiKey, listDialerApiKeys, revokeDialerApiKey } from './dialer-api-keys';

const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

const poll = (key: string) =>
  getChanges(
    new Request('http://test/api/v1/call-list/changes?limit=1', {
      headers: { authorization: `Bearer ${key}` },
    }),
  );

describe('dialer API key lifecycle', () => {
  it('create → authenticates and records its last use; revoke → refused at the next request', async () => {
    const admin = await createStaffUser(prisma, 'ADMIN');
    const created = await createDialerApiKey(prisma, admin, { name: '  Кол-центр   основний ' });
    expect(created.name).toBe('Кол-центр основний');
    expect(created.key).toMatch(/^kvp_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));

    // Only the hash and the prefix are stored; the audit entry names the key, never its value.
    const row = await prisma.dialerApiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(row.createdById).toBe(admin.staffUserId);
    expect(row.lastUsedAt).toBeNull();
    const createdAudit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'dialer.key.create', targetId: String(created.id) },
    });
    expect(createdAudit.staffUserId).toBe(admin.staffUserId);
    expect(createdAudit.detail).toEqual({ name: created.name, prefix: created.prefix });
    expect(JSON.stringify(createdAudit.detail)).not.toContain(created.key);

    const before = Date.now();
    const ok = await poll(created.key);
    expect(ok.status).toBe(200);
    const used = await prisma.dialerApiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);

    const listed = (await listDialerApiKeys(prisma, admin)).find((key) => key.id === created.id);
    expect(listed).toMatchObject({
      name: created.name,
      prefix: created.prefix,
      createdBy: 'Test ADMIN',
      revokedAt: null,
    });
    expect(listed?.lastUsedAt).not.toBeNull();

    await revokeDialerApiKey(prisma, admin, { keyId: created.id });
    const refused = await poll(created.key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'UNAUTHORIZED' });
    expect(
      await prisma.auditLog.count({
        where: { action: 'dialer.key.revoke', targetId: String(created.id) },
      }),
    ).toBe(1);
    // Revoking twice is refused and writes nothing more.
    expect(await refusalCode(() => revokeDialerApiKey(prisma, admin, { keyId: created.id }))).toBe(
      'CONFLICT',
    );
    expect(
      await prisma.auditLog.count({
        where: { action: 'dialer.key.revoke', targetId: String(created.id) },
      }),
    ).toBe(1);
    expect(
      await refusalCode(() => revokeDialerApiKey(prisma, admin, { keyId: 2_000_000_000 })),
    ).toBe('NOT_FOUND');
  });

  it('refuses an empty or overlong name', async () => {
    const admin = await createStaffUser(prisma, 'ADMIN');
    for (const name of ['', '   ', 'x'.repeat(101)])
      expect(await refusalCode(() => createDialerApiKey(prisma, admin, { name }))).toBe(
        'INVALID_INPUT',
      );
  });

  it('is for ADMIN only: a SUPERVISOR creates, lists and revokes nothing', async () => {
    const admin = await createStaffUser(prisma, 'ADMIN');
    const supervisor = await createStaffUser(prisma, 'SUPERVISOR');
    const created = await createDialerApiKey(prisma, admin, { name: 'Ключ' });
    const keys = await prisma.dialerApiKey.count();
    expect(await refusalCode(() => createDialerApiKey(prisma, supervisor, { name: 'Ні' }))).toBe(
      'FORBIDDEN',
    );
    expect(await refusalCode(() => listDialerApiKeys(prisma, supervisor))).toBe('FORBIDDEN');
    expect(
      await refusalCode(() => revokeDialerApiKey(prisma, supervisor, { keyId: created.id })),
    ).toBe('FORBIDDEN');
    expect(await prisma.dialerApiKey.count()).toBe(keys);
    expect((await poll(created.key)).status).toBe(200);
    expect(await prisma.auditLog.count({ where: { staffUserId: supervisor.staffUserId } })).toBe(0);
  });
});
