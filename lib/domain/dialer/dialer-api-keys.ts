import 'server-only';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import { recordAudit } from '../staff/audit';
import { requireRole, type StaffActor } from '../staff/staff-actor';
import { apiKeyPrefix, hashApiKey } from './api-key-hash';

/**
 * The call centre's API keys, managed by an ADMIN in the console (docs/dialer-push.md#api-keys).
 * A key is shown once, when it is created; only its SHA-256 and its first 12 characters are
 * stored. Revoking takes effect at the dialer's next request: authenticateDialer reads the row
 * every time. Every change is audited in its own transaction.
 */
export type DialerApiKeyRow = {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export const MAX_DIALER_KEY_NAME = 100;

export async function listDialerApiKeys(
  prisma: PrismaClient,
  actor: StaffActor,
): Promise<DialerApiKeyRow[]> {
  requireRole(actor, 'ADMIN');
  const keys = await prisma.dialerApiKey.findMany({
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    take: 200,
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { name: true } },
    },
  });
  return keys.map(({ createdBy, ...key }) => ({ ...key, createdBy: createdBy?.name ?? null }));
}

/** A new key: `kvp_` and 256 random bits (base64url). The returned `key` exists nowhere else. */
export async function createDialerApiKey(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { name: string },
): Promise<{ id: number; name: string; prefix: string; key: string }> {
  requireRole(actor, 'ADMIN');
  const name = options.name.trim().replace(/\s+/g, ' ');
  if (name === '' || name.length > MAX_DIALER_KEY_NAME)
    throw new AppError(
      'INVALID_INPUT',
      `the key needs a name of 1–${MAX_DIALER_KEY_NAME} characters`,
    );
  // The prefix (4 + 8 random characters) is unique; a collision is retried with a new key.
  for (let attempt = 0; ; attempt++) {
    const key = `kvp_${randomBytes(32).toString('base64url')}`;
    const prefix = apiKeyPrefix(key);
    try {
      return await prisma.$transaction(async (tx) => {
        const row = await tx.dialerApiKey.create({
          data: { name, prefix, keyHash: hashApiKey(key), createdById: actor.staffUserId },
          select: { id: true },
        });
        await recordAudit(tx, actor, {
          action: 'dialer.key.create',
          targetType: 'dialer_api_key',
          targetId: row.id,
          detail: { name, prefix },
        });
        return { id: row.id, name, prefix, key };
      });
    } catch (error) {
      // P2002: a unique key refused the row (here only the prefix can collide).
      const duplicate = (error as { code?: unknown } | null)?.code === 'P2002';
      if (!duplicate || attempt >= 2) throw error;
    }
  }
}

/** Revokes a key at once; revoking a revoked key is CONFLICT and changes nothing. */
export async function revokeDialerApiKey(
  prisma: PrismaClient,
  actor: StaffActor,
  options: { keyId: number; now?: Date },
): Promise<{ name: string; prefix: string }> {
  requireRole(actor, 'ADMIN');
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const key = await tx.dialerApiKey.findUnique({
      where: { id: options.keyId },
      select: { name: true, prefix: true },
    });
    if (!key) throw new AppError('NOT_FOUND', 'no such API key');
    const revoked = await tx.dialerApiKey.updateMany({
      where: { id: options.keyId, revokedAt: null },
      data: { revokedAt: now },
    });
    if (revoked.count === 0) throw new AppError('CONFLICT', 'the key was already revoked');
    await recordAudit(tx, actor, {
      action: 'dialer.key.revoke',
      targetType: 'dialer_api_key',
      targetId: options.keyId,
      detail: { name: key.name, prefix: key.prefix },
    });
    return key;
  });
}
