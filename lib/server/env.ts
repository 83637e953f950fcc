import 'server-only';
import { isValidIBAN } from 'ibantools';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import type { AccountNumberScheme } from '../domain/accounts/account-number';
import { DEV_BILL_CODE_PEPPER } from '../domain/accounts/bill-access-code';
import type { BillingRules } from '../domain/billing-rules';
import type { PaymentPlanPolicy } from '../domain/plans/plan-policy';
import type { SendingCalendar } from '../domain/reminders/sending-window';
import { DEV_STAFF_TOTP_KEY } from '../domain/staff/secret-box';
import type { StaffPolicy } from '../domain/staff/staff-policy';
import type { TrustedProxies } from './auth/client-key';

/** The demo payee's IBAN (NBU's own example account): refused in a production deployment. */
export const DEMO_PAYEE_IBAN = 'UA213223130000026007233566001';

/** TRUSTED_PROXIES as a list, or null when an entry is not an address, a CIDR or a name. */
function trustedProxyList(value: string): string[] | null {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    proxyaddr.compile(entries);
    return entries;
  } catch {
    return null;
  }
}

/** The published development webhook secret: it also signs the demo provider's events. */
export const DEV_STRIPE_WEBHOOK_SECRET = 'whsec_kvartplata_dev_only_secret';

/**
 * Ukraine's fixed-date public holidays of 2026–2027, the default no-reminder days; the
 * utility configures its own list (moving holidays, decrees) in SMS_REMINDER_HOLIDAYS.
 */
const DEFAULT_HOLIDAYS = [
  '2026-01-01',
  '2026-03-08',
  '2026-05-01',
  '2026-05-08',
  '2026-06-28',
  '2026-07-15',
  '2026-08-24',
  '2026-10-01',
  '2026-12-25',
  '2027-01-01',
  '2027-03-08',
  '2027-05-01',
  '2027-05-08',
  '2027-06-28',
  '2027-07-15',
  '2027-08-24',
  '2027-10-01',
  '2027-12-25',
].join(',');

/**
 * The only module that reads process.env (scripts/start.ts reads its own launcher settings).
 * Parsed once, lazily, so that `next build` needs no runtime configuration; an invalid value
 * fails fast with one line naming the variable.
 */
/** An empty value means "not set" (as in .env.example). */
function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

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
  STRIPE_WEBHOOK_SECRET: z.string().min(8).default(DEV_STRIPE_WEBHOOK_SECRET),
  /**
   * 1/true: a demo deployment may take "payments" through the built-in demo provider (which
   * books payments with no money taken). In production without STRIPE_SECRET_KEY and without
   * this, the portal refuses to start.
   */
  DEMO_PAYMENTS: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => value === '1' || value === 'true'),
  /** Rule 2: an accrual for month M is due at the end of month M + this. */
  PAYMENT_DUE_MONTHS_AFTER: z.coerce.number().int().min(0).max(12).default(1),
  /** Rule 3: full months the oldest unsettled debt must be overdue to be called. */
  CALL_LIST_MIN_OVERDUE_MONTHS: z.coerce.number().int().min(1).max(60).default(3),
  /** Rule 3: minimum overdue amount, in kopecks, to be called. */
  CALL_LIST_MIN_OVERDUE_KOPECKS: z.coerce.number().int().min(1).default(10_000),
  /** Days after an instalment's due date before an unpaid instalment breaks a payment plan. */
  PAYMENT_PLAN_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(10),
  // ── Payment plans: what starts at once; the rest waits for SUPPORT (docs/payment-plans.md) ──
  PAYMENT_PLAN_AUTO_MAX_KOPECKS: z.coerce.number().int().min(0).default(1_500_000),
  PAYMENT_PLAN_AUTO_MAX_INSTALMENTS: z.coerce.number().int().min(3).max(12).default(12),
  PAYMENT_PLAN_BROKEN_COOLDOWN_MONTHS: z.coerce.number().int().min(0).max(60).default(12),
  // ── The payee on receipts and bills (demo values by default; production must set them) ──
  PAYEE_NAME: z.string().min(1).default('КП «Житлосервіс» (демо)'),
  /** The payee's ЄДРПОУ code: 8 digits. */
  PAYEE_EDRPOU: z
    .string()
    .regex(/^\d{8}$/, 'PAYEE_EDRPOU must be 8 digits')
    .default('00000000'),
  /** The payee's account, a valid Ukrainian IBAN (checked with ibantools). */
  PAYEE_IBAN: z
    .string()
    .transform((value) => value.replace(/\s/g, '').toUpperCase())
    .refine(
      (value) => value.startsWith('UA') && isValidIBAN(value),
      'PAYEE_IBAN must be a valid Ukrainian IBAN (UA + 27 digits)',
    )
    .default(DEMO_PAYEE_IBAN),
  PAYEE_BANK: z.string().min(1).default('АТ «Демо Банк»'),
  // ── Resident sign-in (docs/auth.md) ──
  /** Signs and encrypts session cookies and keys OTP/IP hashes; see getAuthSecret(). */
  AUTH_SECRET: unsetWhenEmpty(z.string().min(32, 'AUTH_SECRET must be at least 32 characters')),
  /** Key of the stored bill-access-code hashes; must match the one the data was seeded with. */
  BILL_CODE_PEPPER: unsetWhenEmpty(z.string().min(1)),
  /** `log`: SMS are recorded in sms_message and printed (development, tests); `twilio`: sent. */
  SMS_TRANSPORT: z.enum(['log', 'twilio']).default('log'),
  TWILIO_ACCOUNT_SID: unsetWhenEmpty(z.string().startsWith('AC')),
  TWILIO_AUTH_TOKEN: unsetWhenEmpty(z.string().min(8)),
  /** Sender: an E.164 number or a Messaging Service SID (MG…). */
  TWILIO_FROM: unsetWhenEmpty(z.string().regex(/^(\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32})$/)),
  // ── SMS reminders (docs/sms.md) ──
  /** Kyiv hours reminders may go out, `start-end` (end exclusive). */
  SMS_REMINDER_HOURS: z
    .string()
    .regex(/^([01]?[0-9]|2[0-3])-([01]?[0-9]|2[0-4])$/, 'SMS_REMINDER_HOURS must look like 9-20')
    .default('9-20'),
  /** Kyiv dates (YYYY-MM-DD, comma-separated) on which no reminder goes out. */
  SMS_REMINDER_HOLIDAYS: z
    .string()
    .regex(
      /^(\s*\d{4}-\d{2}-\d{2}\s*(,\s*\d{4}-\d{2}-\d{2}\s*)*)?$/,
      'SMS_REMINDER_HOLIDAYS must be YYYY-MM-DD dates separated by commas',
    )
    .default(DEFAULT_HOLIDAYS),
  /**
   * Reverse proxies allowed to tell the client's address in X-Forwarded-For: empty (none: the
   * TCP peer is the client), addresses/CIDRs/`loopback`/`uniquelocal` separated by commas, or a
   * number of hops (docs/deployment.md).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine(
      (value) => /^\s*\d{1,2}\s*$/.test(value) || trustedProxyList(value) !== null,
      'TRUSTED_PROXIES must be a hop count or addresses/CIDRs separated by commas',
    ),
  /** Signs the short pay links in reminders (dev default refused in production). */
  PAY_LINK_SECRET: unsetWhenEmpty(
    z.string().min(32, 'PAY_LINK_SECRET must be at least 32 characters'),
  ),
  /** Base of the short pay links, e.g. https://kvp.ua (default APP_URL). */
  PAY_LINK_BASE_URL: unsetWhenEmpty(z.url()),
  /** Encrypts staff TOTP secrets at rest. */
  STAFF_TOTP_KEY: unsetWhenEmpty(
    z.string().min(32, 'STAFF_TOTP_KEY must be at least 32 characters'),
  ),
  DISPUTE_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(90).default(15),
  /** Staff adjustments above this (kopecks, absolute) need a SUPERVISOR's approval. */
  ADJUSTMENT_APPROVAL_KOPECKS: z.coerce.number().int().min(0).default(100_000),
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).max(480).default(30),
  /** Largest payment registry an admin may upload, in bytes (docs/payment-imports.md). */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(20 * 1024 * 1024),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

/** The schema itself, for tests that check configurations without touching process.env. */
export const ZEnvSchemaForTests = ZEnvSchema;

let cached: TEnv | undefined;

/** Parses `source` with `schema`, failing with one line that names the first bad variable. */
function parseConfiguration<T extends z.ZodType>(schema: T, source: unknown): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `Invalid configuration: ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`,
  );
}

export function getEnv(): TEnv {
  cached ??= parseConfiguration(ZEnvSchema, process.env);
  return cached;
}

export function getAccountNumberScheme(): AccountNumberScheme {
  const env = getEnv();
  return { length: env.ACCOUNT_NUMBER_LENGTH, checkDigit: env.ACCOUNT_NUMBER_CHECK_DIGIT };
}

const ZBillingRulesEnvSchema = ZEnvSchema.pick({
  PAYMENT_DUE_MONTHS_AFTER: true,
  CALL_LIST_MIN_OVERDUE_MONTHS: true,
  CALL_LIST_MIN_OVERDUE_KOPECKS: true,
  PAYMENT_PLAN_GRACE_DAYS: true,
});

/**
 * The configured billing rules (DESIGN rules 2 and 3): the one place their defaults live.
 * Parsed on their own, so the CLI, the seed and benchmarks can read them without the rest of
 * the app's configuration; an invalid value fails with one line, like getEnv().
 */
export function getBillingRules(
  source: Record<string, string | undefined> = process.env,
): BillingRules {
  const env = parseConfiguration(ZBillingRulesEnvSchema, source);
  return {
    dueMonthsAfter: env.PAYMENT_DUE_MONTHS_AFTER,
    callListMinOverdueMonths: env.CALL_LIST_MIN_OVERDUE_MONTHS,
    callListMinOverdueKopecks: env.CALL_LIST_MIN_OVERDUE_KOPECKS,
    paymentPlanGraceDays: env.PAYMENT_PLAN_GRACE_DAYS,
  };
}

/** The payment-plan limits (what starts at once, what a resident may choose). */
export function getPaymentPlanPolicy(): PaymentPlanPolicy {
  const env = getEnv();
  return {
    minInstalments: 3,
    maxInstalments: 12,
    autoMaxKopecks: env.PAYMENT_PLAN_AUTO_MAX_KOPECKS,
    autoMaxInstalments: env.PAYMENT_PLAN_AUTO_MAX_INSTALMENTS,
    brokenCooldownMonths: env.PAYMENT_PLAN_BROKEN_COOLDOWN_MONTHS,
  };
}

/** Dev defaults: accepted outside production, and in production only for a local demo. */
export const DEV_AUTH_SECRET = 'dev-only-auth-secret-do-not-use-in-production-0123456789';

/** True when the app is served from this machine only (`npm start` demo, e2e tests). */
function isLocalAppUrl(appUrl: string): boolean {
  const host = new URL(appUrl).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/**
 * A secret with a development default. In production the default (or the variable left unset)
 * is refused unless APP_URL is a loopback address, so that `npm start` still runs the local demo
 * while a real deployment fails fast instead of signing sessions with a published key.
 */
function secretOrDevDefault(name: string, value: string | undefined, devDefault: string): string {
  const env = getEnv();
  if (value !== undefined && value !== devDefault) return value;
  if (env.NODE_ENV === 'production' && !isLocalAppUrl(env.APP_URL)) {
    throw new Error(
      `Invalid configuration: ${name}: must be set to a secret value in production (APP_URL ${env.APP_URL})`,
    );
  }
  return devDefault;
}

export function getAuthSecret(): string {
  return secretOrDevDefault('AUTH_SECRET', getEnv().AUTH_SECRET, DEV_AUTH_SECRET);
}

export function getBillCodePepper(): string {
  return secretOrDevDefault('BILL_CODE_PEPPER', getEnv().BILL_CODE_PEPPER, DEV_BILL_CODE_PEPPER);
}

/** Session cookies are `Secure` and HSTS is sent only when the portal is served over https. */
export function isHttpsProduction(): boolean {
  const env = getEnv();
  return env.NODE_ENV === 'production' && new URL(env.APP_URL).protocol === 'https:';
}

export type SmsConfig =
  | { transport: 'log' }
  | { transport: 'twilio'; accountSid: string; authToken: string; from: string };

export function getSmsConfig(): SmsConfig {
  const env = getEnv();
  if (env.SMS_TRANSPORT === 'log') return { transport: 'log' };
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM } = env;
  if (!TWILIO_ACCOUNT_SID || !TWILIO_AUTH_TOKEN || !TWILIO_FROM) {
    throw new Error(
      'Invalid configuration: SMS_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM',
    );
  }
  return {
    transport: 'twilio',
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    from: TWILIO_FROM,
  };
}

/** Where and when reminders may go out (DESIGN rule 4), as configured. */
export function getSendingCalendar(): SendingCalendar {
  const env = getEnv();
  const [start = 9, end = 20] = env.SMS_REMINDER_HOURS.split('-').map(Number);
  const holidays = env.SMS_REMINDER_HOLIDAYS.split(',')
    .map((day) => day.trim())
    .filter((day) => day !== '');
  return { startHour: start, endHour: end, holidays: new Set(holidays) };
}

export const DEV_PAY_LINK_SECRET = 'dev-only-pay-link-secret-do-not-use-in-production-01';

export function getPayLinkConfig(): { secret: string; baseUrl: string } {
  const env = getEnv();
  return {
    secret: secretOrDevDefault('PAY_LINK_SECRET', env.PAY_LINK_SECRET, DEV_PAY_LINK_SECRET),
    baseUrl: (env.PAY_LINK_BASE_URL ?? env.APP_URL).replace(/\/$/, ''),
  };
}

/**
 * The key Twilio signs its webhooks with (the account's auth token). With the `log` transport
 * a development value, so the inbound webhook can be tried and tested without an account.
 */
export const DEV_TWILIO_AUTH_TOKEN = 'dev-only-twilio-auth-token';

export function getTwilioWebhookToken(): string {
  const env = getEnv();
  return secretOrDevDefault('TWILIO_AUTH_TOKEN', env.TWILIO_AUTH_TOKEN, DEV_TWILIO_AUTH_TOKEN);
}

/** The public URL Twilio posts to (its signature covers the URL as configured in Twilio). */
export function getSmsWebhookUrl(): string {
  return `${getEnv().APP_URL.replace(/\/$/, '')}/api/webhooks/sms`;
}

/** The development outbox (/dev/sms) exists only with the log transport on a local demo. */
export function isDevOutboxEnabled(): boolean {
  const env = getEnv();
  if (env.SMS_TRANSPORT !== 'log') return false;
  return env.NODE_ENV !== 'production' || isLocalAppUrl(env.APP_URL);
}

/**
 * A dialer push endpoint may be plain http to this machine (localhost, 127.0.0.1) only outside
 * production or on a local demo; a real deployment pushes over https only (docs/dialer-push.md).
 */
export function allowsLoopbackDialerPush(): boolean {
  const env = getEnv();
  return env.NODE_ENV !== 'production' || isLocalAppUrl(env.APP_URL);
}

/**
 * What a production deployment lacks (empty when nothing): every secret whose development
 * default is published in this repository must be set, and payments must be real unless the
 * deployment says it is a demo. "Production" is NODE_ENV=production with a public APP_URL; the
 * local demo (`npm start`, APP_URL on localhost) keeps its defaults.
 */
export type Payee = { name: string; edrpou: string; iban: string; bank: string };

/** Who receives the payments: printed on every receipt and bill. */
export function getPayee(): Payee {
  const env = getEnv();
  return {
    name: env.PAYEE_NAME,
    edrpou: env.PAYEE_EDRPOU,
    iban: env.PAYEE_IBAN,
    bank: env.PAYEE_BANK,
  };
}

export function productionConfigurationProblems(env: TEnv): string[] {
  if (env.NODE_ENV !== 'production' || isLocalAppUrl(env.APP_URL)) return [];
  const problems: string[] = [];
  const unset = (name: string, value: string | undefined, devDefault: string) => {
    if (value === undefined || value === devDefault)
      problems.push(`${name}: must be set to a secret value in production`);
  };
  unset('AUTH_SECRET', env.AUTH_SECRET, DEV_AUTH_SECRET);
  unset('BILL_CODE_PEPPER', env.BILL_CODE_PEPPER, DEV_BILL_CODE_PEPPER);
  unset('STRIPE_WEBHOOK_SECRET', env.STRIPE_WEBHOOK_SECRET, DEV_STRIPE_WEBHOOK_SECRET);
  unset('PAY_LINK_SECRET', env.PAY_LINK_SECRET, DEV_PAY_LINK_SECRET);
  unset('STAFF_TOTP_KEY', env.STAFF_TOTP_KEY, DEV_STAFF_TOTP_KEY);
  if (!env.STRIPE_SECRET_KEY && !env.DEMO_PAYMENTS)
    problems.push(
      'STRIPE_SECRET_KEY: must be set in production (or DEMO_PAYMENTS=1 for a demo deployment without real payments)',
    );
  if (env.SMS_TRANSPORT === 'twilio')
    unset('TWILIO_AUTH_TOKEN', env.TWILIO_AUTH_TOKEN, DEV_TWILIO_AUTH_TOKEN);
  if (!env.DEMO_PAYMENTS && env.PAYEE_IBAN === DEMO_PAYEE_IBAN)
    problems.push(
      "PAYEE_IBAN: must be the utility's own account in production (and PAYEE_NAME, PAYEE_EDRPOU, PAYEE_BANK with it)",
    );
  return problems;
}

/** The key staff TOTP secrets are encrypted with (a published dev value outside production). */
export function getStaffTotpKey(): string {
  return secretOrDevDefault('STAFF_TOTP_KEY', getEnv().STAFF_TOTP_KEY, DEV_STAFF_TOTP_KEY);
}

/** The console's rules (dispute due dates, four-eyes threshold, idle timeout). */
export function getStaffPolicy(): StaffPolicy {
  const env = getEnv();
  return {
    disputeDueWorkingDays: env.DISPUTE_DUE_WORKING_DAYS,
    adjustmentApprovalKopecks: env.ADJUSTMENT_APPROVAL_KOPECKS,
    idleMinutes: env.STAFF_IDLE_MINUTES,
  };
}

/** The largest payment registry an upload may carry, in bytes (IMPORT_MAX_BYTES). */
export function getImportMaxBytes(): number {
  return getEnv().IMPORT_MAX_BYTES;
}

/** Fails with one line naming what is missing (the launcher and the server call it first). */
export function assertProductionConfiguration(): void {
  const [first, ...rest] = productionConfigurationProblems(getEnv());
  if (first) {
    throw new Error(
      `Invalid configuration: ${first}${rest.length > 0 ? ` (and ${rest.length} more)` : ''} (APP_URL ${getEnv().APP_URL})`,
    );
  }
}

let trustedProxies: { raw: string; value: TrustedProxies } | undefined;

/** The configured TRUSTED_PROXIES (parsed once). */
export function getTrustedProxies(): TrustedProxies {
  const raw = getEnv().TRUSTED_PROXIES;
  if (trustedProxies?.raw !== raw) {
    const hops = /^\s*(\d{1,2})\s*$/.exec(raw);
    const list = trustedProxyList(raw) ?? [];
    trustedProxies = {
      raw,
      value: hops
        ? { kind: 'hops', count: Number(hops[1]) }
        : list.length > 0
          ? { kind: 'list', entries: list }
          : { kind: 'none' },
    };
  }
  return trustedProxies.value;
}
