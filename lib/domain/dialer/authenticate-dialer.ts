import 'server-only';
import type { PrismaClient } from '../../server/db';
import { AppError } from '../app-error';
import { hashApiKey } from './api-key-hash';

const BEARER = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{20,200})\s*$/i;

/** Refresh last_used_at at most this often, so polling every second costs no writes. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Authenticates the call centre's dialer by its bearer API key. Keys are stored as SHA-256
 * only; a missing, malformed, unknown or revoked key is UNAUTHORIZED with no hint which.
 */
export async function authenticateDialer(
  prisma: PrismaClient,
  options: { authorization: string | null; now?: Date },
): Promise<{ keyId: number; name: string }> {
  const match = options.authorization ? BEARER.exec(options.authorization) : null;
  const key = match?.[1];
  const record = await prisma.dialerApiKey.findUnique({
    where: { keyHash: hashApiKey(key ?? '') },
    select: { id: true, name: true, revokedAt: true, lastUsedAt: true },
  });
  if (!key || !record || record.revokedAt) {
    throw new AppError('UNAUTHORIZED', 'a valid dialer API key is required');
  }
  const now = options.now ?? new Date();
  if (
    !record.lastUsedAt ||
    now.getTime() - record.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS
  ) {
    await prisma.dialerApiKey.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return { keyId: record.id, name: record.name };
}
