/**
 * The demo and scale data generator (library entry). `seedDatabase` fills an EMPTY, migrated
 * database with deterministic Kharkiv-like data: the same seed and size give the same data.
 * See docs/demo-data.md for what is generated, the fixture accounts and measured figures.
 */
import pg from 'pg';
import { DEV_BILL_CODE_PEPPER } from '../../lib/domain/accounts/bill-access-code';
import type { BillingRules } from '../../lib/domain/billing-rules';
import { rebuildCallList } from '../../lib/domain/call-list/rebuild-call-list';
import { backfillCollectionsDays } from '../../lib/domain/dashboard/backfill-collections-days';
import { createPrismaClient } from '../../lib/server/db';
import { deferBulkConstraints } from './bulk-load';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED } from './defaults';
import { DEFAULT_DEMO_DIALER_API_KEY, FIXTURE_ACCOUNTS } from './fixtures';
import {
  accountSlots,
  type GeneratedAccount,
  generateAccount,
  generateFixtureAccount,
  planBuildings,
} from './households';
import { CLOSED_PERIODS, SEED_NOW } from './reference';
import {
  type ChunkIds,
  createTariffMonthTable,
  insertAccountChunk,
  insertFixtureDispute,
  insertReferenceData,
  paymentCount,
  type ReferenceIds,
  recordPeriodTotals,
  syncSequences,
} from './writer';

export { DEFAULT_ACCOUNTS, DEFAULT_SEED };
export const MAX_ACCOUNTS = 5_000_000;
/** Accounts per transaction: ~2 M ledger rows, small enough for memory, big enough for speed. */
export const CHUNK_ACCOUNTS = 25_000;
/** Concurrent connections for the chunks after the first. */
export const WORKERS = 2;
/** From this many accounts after the first chunk, constraints are built after the load. */
export const BULK_LOAD_MIN_ACCOUNTS = 50_000;

export type SeedOptions = {
  databaseUrl: string;
  /** Total accounts, fixtures included (default 2000). */
  accounts?: number;
  /** RNG seed (default 20261127). */
  seed?: number;
  /** The configured billing rules (lib/server/env.ts getBillingRules()) the call list uses. */
  rules: BillingRules;
  log?: (line: string) => void;
};

export type CallListSummary = { added: number; removed: number; onList: number };

export type SeedSummary = {
  seed: number;
  accounts: number;
  buildings: number;
  payments: number;
  ledgerEntries: number;
  /** null when lib/domain/call-list/rebuild-call-list.ts is not available. */
  callList: CallListSummary;
  durationMs: number;
  databaseSizeBytes: number;
};

/** An error whose message is the whole story (printed as one line by the CLI). */
export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

async function countAccounts(client: pg.Client): Promise<number> {
  try {
    const result = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM account');
    return Number(result.rows[0]?.n ?? '0');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '42P01')
      throw new SeedError('the database has no "account" table: run `npm run db:migrate` first');
    throw error;
  }
}

async function withClient<T>(
  databaseUrl: string,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** True when the database has no accounts (the start script seeds only then). */
export async function isDatabaseEmpty(databaseUrl: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => (await countAccounts(client)) === 0);
}

function checkedOptions(options: SeedOptions): { accounts: number; seed: number } {
  const accounts = options.accounts ?? DEFAULT_ACCOUNTS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(accounts) || accounts < FIXTURE_ACCOUNTS.length || accounts > MAX_ACCOUNTS)
    throw new SeedError(
      `accounts must be an integer from ${FIXTURE_ACCOUNTS.length} to ${MAX_ACCOUNTS} (got ${accounts})`,
    );
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new SeedError(`seed must be an integer from 0 to ${0xffffffff} (got ${seed})`);
  return { accounts, seed };
}

/**
 * Builds the call list with the application's own rule and the configured billing rules, so
 * the seeded list is exactly what the app (and `npm run billing`) would compute.
 */
async function rebuildSeededCallList(
  databaseUrl: string,
  rules: BillingRules,
  log: (line: string) => void,
): Promise<CallListSummary> {
  const prisma = createPrismaClient(databaseUrl, 2);
  try {
    const result = await rebuildCallList(prisma, { asOf: SEED_NOW, rules });
    log(`call list: ${result.onList} accounts on the list (${result.added} added)`);
    return result;
  } finally {
    await prisma.$disconnect();
  }
}

/** The collections dashboard's days from the seeded history up to today (docs/dashboard.md). */
async function backfillSeededDashboard(
  databaseUrl: string,
  rules: BillingRules,
  log: (line: string) => void,
): Promise<void> {
  const prisma = createPrismaClient(databaseUrl, 3);
  try {
    const result = await backfillCollectionsDays(prisma, { rules });
    log(
      `dashboard: ${result.days} days ${result.from} … ${result.to} (${(result.ms / 1000).toFixed(1)} s)`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Seeds an empty, migrated database. Refuses (SeedError) when it already has accounts.
 * Each chunk of accounts is one transaction; the first also holds all reference data, so an
 * interrupted seed leaves either nothing or some complete accounts (then recreate the database).
 */
export async function seedDatabase(options: SeedOptions): Promise<SeedSummary> {
  const { accounts, seed } = checkedOptions(options);
  const log = options.log ?? (() => {});
  const pepper = process.env.BILL_CODE_PEPPER ?? DEV_BILL_CODE_PEPPER;
  const dialerApiKey = process.env.DEMO_DIALER_API_KEY ?? DEFAULT_DEMO_DIALER_API_KEY;
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  const summary = await withClient(options.databaseUrl, async (client) => {
    const existing = await countAccounts(client);
    if (existing > 0)
      throw new SeedError(
        `refusing to seed: the database already has ${existing} accounts (seed only an empty, freshly migrated database)`,
      );

    const ordinary = accounts - FIXTURE_ACCOUNTS.length;
    const plans = planBuildings(seed, ordinary);
    log(`seed ${seed}: ${accounts} accounts in ${plans.length + 1} buildings`);

    const accountsAccrued = new Array<number>(CLOSED_PERIODS).fill(0);
    const totals = new Array<number>(CLOSED_PERIODS).fill(0);
    const slots = accountSlots(plans, ordinary);
    let nextAccountId = 1;
    let nextPaymentId = 1;

    /**
     * The next chunk, generated synchronously so that ids follow generation order whatever
     * the interleaving of the workers. The first chunk starts with the fixtures (ids 1–5).
     */
    const nextChunk = (): { accounts: GeneratedAccount[]; ids: ChunkIds } | null => {
      const chunk: GeneratedAccount[] =
        nextAccountId === 1 ? FIXTURE_ACCOUNTS.map(generateFixtureAccount) : [];
      while (chunk.length < CHUNK_ACCOUNTS) {
        const slot = slots.next();
        if (slot.done) break;
        const { index, buildingIndex, apartment, category } = slot.value;
        chunk.push(generateAccount(seed, index, buildingIndex, apartment, category));
      }
      if (chunk.length === 0) return null;
      const ids = { firstAccountId: nextAccountId, firstPaymentId: nextPaymentId };
      nextAccountId += chunk.length;
      nextPaymentId += paymentCount(chunk);
      for (const a of chunk)
        a.bills.forEach((bill, k) => {
          accountsAccrued[k] = (accountsAccrued[k] ?? 0) + 1;
          totals[k] = (totals[k] ?? 0) + bill;
        });
      return { accounts: chunk, ids };
    };

    let payments = 0;
    let ledgerEntries = 0;
    let done = 0;
    const inTransaction = async (db: pg.Client, work: () => Promise<void>): Promise<void> => {
      await db.query('BEGIN');
      try {
        // Large in-memory sorts for the one big ledger INSERT per chunk.
        await db.query(`SET LOCAL work_mem = '256MB'`);
        await work();
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK').catch(() => {});
        throw error;
      }
    };
    const insertChunk = async (
      db: pg.Client,
      chunk: { accounts: GeneratedAccount[]; ids: ChunkIds },
      reference: ReferenceIds,
    ): Promise<void> => {
      const result = await insertAccountChunk(db, chunk.accounts, reference, chunk.ids, pepper);
      payments += result.payments;
      ledgerEntries += result.ledgerEntries;
      done += result.accounts;
    };
    const progress = (): void =>
      log(
        `accounts ${done}/${accounts}: ${ledgerEntries} ledger entries, ${payments} payments (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );

    // The first chunk carries all reference data and the fixtures: either all of it commits or
    // nothing does.
    const first = nextChunk();
    if (first === null) throw new SeedError('nothing to seed');
    let reference: ReferenceIds | null = null;
    await inTransaction(client, async () => {
      const ref = await insertReferenceData(client, plans, { dialerApiKey });
      await createTariffMonthTable(client);
      await insertChunk(client, first, ref);
      // Fixtures are the first accounts of the first chunk, in FIXTURE_ACCOUNTS order.
      for (const [i, fixture] of FIXTURE_ACCOUNTS.entries())
        if (fixture.openDispute) await insertFixtureDispute(client, first.ids.firstAccountId + i);
      reference = ref;
    });
    if (reference === null) throw new SeedError('reference data was not created');
    const ref: ReferenceIds = reference;
    progress();

    // The remaining chunks: WORKERS connections, each taking the next chunk when it is free.
    // PostgreSQL spends most of the time in per-row foreign-key checks, so two connections
    // keep two cores busy while Node generates the next chunk.
    const worker = async (db: pg.Client, state: { failed: boolean }): Promise<void> => {
      await createTariffMonthTable(db);
      while (!state.failed) {
        const chunk = nextChunk();
        if (chunk === null) return;
        try {
          await inTransaction(db, () => insertChunk(db, chunk, ref));
        } catch (error) {
          state.failed = true;
          throw error;
        }
        progress();
      }
    };
    // Large seeds build the big tables' foreign keys and indexes after loading (bulk-load.ts).
    const restoreConstraints =
      accounts - done >= BULK_LOAD_MIN_ACCOUNTS ? await deferBulkConstraints(client, log) : null;
    if (done < accounts) {
      const extra = new pg.Client({ connectionString: options.databaseUrl });
      await extra.connect();
      try {
        const state = { failed: false };
        const results = await Promise.allSettled(
          [client, extra].slice(0, WORKERS).map((db) => worker(db, state)),
        );
        for (const r of results) if (r.status === 'rejected') throw r.reason;
      } finally {
        await extra.end();
      }
    }

    if (restoreConstraints) {
      log(`building indexes and validating foreign keys… (${elapsed()})`);
      await restoreConstraints();
    }
    await syncSequences(client);
    await recordPeriodTotals(client, accountsAccrued, totals, nextAccountId - 1);
    log(`vacuum analyze… (${elapsed()})`);
    await client.query('VACUUM (ANALYZE)');
    log(`vacuum analyze done (${elapsed()}); rebuilding the call list…`);
    return { buildings: plans.length + 1, payments, ledgerEntries };
  });

  const callList = await rebuildSeededCallList(options.databaseUrl, options.rules, log);
  await backfillSeededDashboard(options.databaseUrl, options.rules, log);
  const databaseSizeBytes = await withClient(options.databaseUrl, async (client) => {
    const result = await client.query<{ size: string }>(
      'SELECT pg_database_size(current_database())::text AS size',
    );
    return Number(result.rows[0]?.size ?? '0');
  });
  return {
    seed,
    accounts,
    ...summary,
    callList,
    durationMs: Date.now() - started,
    databaseSizeBytes,
  };
}
