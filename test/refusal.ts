import { isAppError } from '../lib/domain/app-error';

/**
 * The AppError code a piece of work was refused with, or 'NONE' when it succeeded; anything
 * else thrown (a bug, an outage) is thrown on.
 */
export async function refusalCode(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'NONE';
}
