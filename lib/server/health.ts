import 'server-only';
import { getPrisma } from './db';

export type HealthReport = { status: 'ok' | 'unavailable'; database: 'up' | 'down' };

/** Asks the database a trivial question, with a deadline so a hung server reads as down. */
export async function checkHealth(timeoutMs = 2000): Promise<HealthReport> {
  try {
    const probe = getPrisma().$queryRaw`SELECT 1`;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database health check timed out')), timeoutMs);
    });
    try {
      await Promise.race([probe, deadline]);
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', database: 'up' };
  } catch {
    return { status: 'unavailable', database: 'down' };
  }
}
