import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { getEnv } from './env';
import { PrismaClient } from './generated/prisma/client';

export type { PrismaClient } from './generated/prisma/client';
export { Prisma } from './generated/prisma/client';

/** A transaction client, as passed to `prisma.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForPrisma = globalThis as unknown as { kvartplataPrisma?: PrismaClient };

export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}

/** The process-wide client (one pool per app instance; reused across dev hot reloads). */
export function getPrisma(): PrismaClient {
  if (!globalForPrisma.kvartplataPrisma) {
    const env = getEnv();
    globalForPrisma.kvartplataPrisma = createPrismaClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
  }
  return globalForPrisma.kvartplataPrisma;
}
