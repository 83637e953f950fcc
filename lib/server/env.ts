import 'server-only';
import { z } from 'zod';

/**
 * The only module that reads process.env (scripts/start.ts reads its own launcher settings).
 * Parsed once, lazily, so that `next build` needs no runtime configuration; an invalid value
 * fails fast with one line naming the variable.
 */
const ZEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is not set (npm start sets it to the embedded database)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Digits in a personal account number, check digit included. */
  ACCOUNT_NUMBER_LENGTH: z.coerce.number().int().min(6).max(20).default(10),
  /** `luhn`: the last digit is a Luhn check digit (the demo numbering); `none`: digits only. */
  ACCOUNT_NUMBER_CHECK_DIGIT: z.enum(['luhn', 'none']).default('luhn'),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  if (cached) return cached;
  const parsed = ZEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid configuration: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  cached = parsed.data;
  return cached;
}
