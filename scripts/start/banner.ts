/**
 * The "ready" block: where to go, how to sign in, how to stop. Demo credentials come from
 * prisma/seed/fixtures.ts (the seeder's own source of truth), rendered generically so that
 * this file need not change when a fixture gains a field.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../db/schema-engine';

const FIXTURES_MODULE = path.join(projectRoot, 'prisma/seed/fixtures.ts');
const MAX_ITEMS_PER_LIST = 20;

type TPrimitive = string | number | boolean | bigint;

function isPrimitive(value: unknown): value is TPrimitive {
  return ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `fixtureAccounts` / `DEMO_STAFF_USERS` → "Fixture accounts" / "Demo staff users". */
export function humanize(exportName: string): string {
  const words = exportName
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Fields that identify a fixture; shown first, bare. */
const LABEL_FIELDS = ['key', 'role'];
/** What a person needs to sign in, with the words to show before each value. */
const CREDENTIAL_FIELDS: readonly (readonly [string, string])[] = [
  ['number', 'account'],
  ['billAccessCode', 'bill code'],
  ['email', 'login'],
  ['password', 'password'],
];
const MAX_VALUE_LENGTH = 60;

/**
 * One line per item: its label and credentials when it has them (`SUPPORT: login a@b,
 * password x`); otherwise all its primitive fields, each cut to a readable length.
 */
export function describeItem(item: Record<string, unknown>): string {
  const label = LABEL_FIELDS.map((field) => item[field]).find(isPrimitive);
  const credentials = CREDENTIAL_FIELDS.flatMap(([field, words]) => {
    const value = item[field];
    return isPrimitive(value) ? [`${words} ${String(value)}`] : [];
  });
  if (credentials.length > 0) {
    const text = credentials.join(', ');
    const line = label === undefined ? text : `${String(label)}: ${text}`;
    // What the fixture is for, in plain words (fixtures.ts `shows`), on its own line.
    return typeof item.shows === 'string' ? `${line}\n        ${item.shows}` : line;
  }
  return Object.entries(item)
    .filter((entry): entry is [string, TPrimitive] => isPrimitive(entry[1]))
    .map(([key, value]) => {
      const text = String(value);
      return `${key}: ${text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text}`;
    })
    .join(', ');
}

/**
 * Lists of records exported by the fixtures module (arrays, or objects keyed by name),
 * rendered as indented lines. Anything else (functions, constants) is skipped.
 */
export function renderFixtures(moduleExports: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(moduleExports)) {
    if (name === 'default') continue;
    const items = Array.isArray(value)
      ? value.filter(isRecord)
      : isRecord(value) && Object.values(value).every(isRecord)
        ? Object.values(value).filter(isRecord)
        : [];
    const rendered = items.map(describeItem).filter((line) => line !== '');
    if (rendered.length === 0) continue;
    lines.push(`  ${humanize(name)}:`);
    for (const line of rendered.slice(0, MAX_ITEMS_PER_LIST)) lines.push(`    - ${line}`);
    if (rendered.length > MAX_ITEMS_PER_LIST) {
      lines.push(`    … and ${rendered.length - MAX_ITEMS_PER_LIST} more (see README.md)`);
    }
  }
  return lines;
}

async function fixtureLines(): Promise<string[]> {
  const pointer = ['  Demo accounts and staff logins: see "Fixture accounts" in README.md.'];
  if (!existsSync(FIXTURES_MODULE)) return pointer;
  try {
    const loaded: unknown = await import(pathToFileURL(FIXTURES_MODULE).href);
    if (!isRecord(loaded)) return pointer;
    const lines = renderFixtures(loaded);
    const defaultDialerKey = loaded.DEFAULT_DEMO_DIALER_API_KEY;
    if (typeof defaultDialerKey === 'string') {
      // The seeder stores DEMO_DIALER_API_KEY when set, else the default.
      const dialerKey = process.env.DEMO_DIALER_API_KEY?.trim() || defaultDialerKey;
      lines.push(`  Demo dialer API key: ${dialerKey}`);
    }
    return lines.length > 0 ? lines : pointer;
  } catch {
    return pointer;
  }
}

export type TBannerInput = {
  url: string;
  database: string;
  /** SMS go to the development log (SMS_TRANSPORT=log): say where to read them. */
  smsLog?: boolean;
  /** Whether the database holds the demo data (so the demo credentials work). */
  demoData: 'present' | 'absent' | 'unknown';
};

export async function readyBanner(input: TBannerInput): Promise<string> {
  const rule = '─'.repeat(72);
  const lines = [rule, `Kvartplata is ready: ${input.url}`, `  Database: ${input.database}`];
  switch (input.demoData) {
    case 'present':
      lines.push(...(await fixtureLines()));
      break;
    case 'absent':
      lines.push('  No demo data (DATABASE_URL without SEED_DEMO=1).');
      break;
    case 'unknown':
      lines.push('  Demo data: the seeder (prisma/seed/index.ts) is not available; see README.md.');
      break;
    default: {
      const unexpected: never = input.demoData;
      throw new Error(`unexpected demo data state ${String(unexpected)}`);
    }
  }
  if (input.smsLog) {
    lines.push(
      `  SMS (sign-in codes, reminders) are not sent: they are printed in this window as [sms:log] lines and listed at ${input.url}/dev/sms.`,
    );
  }
  lines.push('Ctrl-C to stop.', rule);
  return lines.join('\n');
}
