import 'server-only';
import { z } from 'zod';
import type { AccountNumberScheme } from '../domain/accounts/account-number';
import type { BillingRules } from '../domain/billing-rules';

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
  /** Public base URL of the portal (checkout return URLs, the demo provider's webhook). */
  APP_URL: z.url().default(`http://localhost:${process.env.PORT ?? '3000'}`),
  /** Real Stripe Checkout when set (sk_test_… or sk_live_…); the demo provider otherwise. */
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
  /** Webhook signing secret; the dev default also signs the demo provider's events. */
  STRIPE_WEBHOOK_SECRET: z.string().min(8).default('whsec_kvartplata_dev_only_secret'),
  /** Rule 2: an accrual for month M is due at the end of month M + this. */
  PAYMENT_DUE_MONTHS_AFTER: z.coerce.number().int().min(0).max(12).default(1),
  /** Rule 3: full months the oldest unsettled debt must be overdue to be called. */
  CALL_LIST_MIN_OVERDUE_MONTHS: z.coerce.number().int().min(1).max(60).default(3),
  /** Rule 3: minimum overdue amount, in kopecks, to be called. */
  CALL_LIST_MIN_OVERDUE_KOPECKS: z.coerce.number().int().min(1).default(10_000),
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

export function getAccountNumberScheme(): AccountNumberScheme {
  const env = getEnv();
  return { length: env.ACCOUNT_NUMBER_LENGTH, checkDigit: env.ACCOUNT_NUMBER_CHECK_DIGIT };
}

export function getBillingRules(): BillingRules {
  const env = getEnv();
  return {
    dueMonthsAfter: env.PAYMENT_DUE_MONTHS_AFTER,
    callListMinOverdueMonths: env.CALL_LIST_MIN_OVERDUE_MONTHS,
    callListMinOverdueKopecks: env.CALL_LIST_MIN_OVERDUE_KOPECKS,
  };
}
