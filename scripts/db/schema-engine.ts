/**
 * Prisma's schema engine compiled to WebAssembly, driven through the `pg` driver adapter.
 * The native engine cannot be downloaded on our machines (no route to Prisma's binary host),
 * so migrations are applied and authored through this module instead of `prisma migrate`.
 * The on-disk layout stays Prisma's standard one, so `prisma migrate deploy` works too
 * wherever the native engine is available.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { installJobQueue } from '../../lib/server/jobs/queue';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');

/** Where the schema and the migrations are read from; defaults are the project's own. */
export type SchemaSources = { schemaPath?: string; migrationsDir?: string };

const noFilter = { externalTables: [], externalEnums: [] };

let wasmReady: Promise<void> | undefined;

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils

/** Result rows array → indexes of its single-byte `"char"` columns. */
const charColumnsByRows = new WeakMap<object, number[]>();

/**
 * The engine introspects databases through pg_catalog, whose single-byte `"char"` columns
 * (relkind, contype, prokind, oid 18) the pg adapter refuses ("Column type 'char' could not
 * be deserialized"). In this tooling process only, such columns pass the adapter as text and
 * are then reported to the engine as the Character type it expects. The application's own
 * database client never loads this module.
 */
function teachAdapterCharColumns(adapter: object): void {
  const resultProto = pg.Result.prototype as unknown as {
    addFields: (fields: { dataTypeID: number }[]) => void;
    __charAware?: boolean;
  };
  if (!resultProto.__charAware) {
    const addFields = resultProto.addFields;
    resultProto.addFields = function (this: { rows: object }, fields) {
      const indexes: number[] = [];
      fields.forEach((field, index) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_TEXT_OID;
          indexes.push(index);
        }
      });
      if (indexes.length) charColumnsByRows.set(this.rows, indexes);
      addFields.call(this, fields);
    };
    resultProto.__charAware = true;
  }
  type QueryRaw = (query: unknown) => Promise<{ columnTypes: number[]; rows: object }>;
  const queryableProto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as {
    queryRaw: QueryRaw;
    __charAware?: boolean;
  };
  if (queryableProto.__charAware) return;
  const queryRaw = queryableProto.queryRaw;
  queryableProto.queryRaw = async function (this: unknown, query: unknown) {
    const resultSet = await queryRaw.call(this, query);
    for (const index of charColumnsByRows.get(resultSet.rows) ?? []) {
      resultSet.columnTypes[index] = CHARACTER_COLUMN;
    }
    return resultSet;
  };
  queryableProto.__charAware = true;
}

/** The engine reports Rust panics through this global before throwing. */
let lastPanic: string | undefined;
const panicRegistry = {
  set_message(message: string) {
    lastPanic = message;
  },
};

export function lastEnginePanic(): string | undefined {
  return lastPanic;
}

function loadWasm(): Promise<void> {
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY =
    panicRegistry;
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require
      .resolve('@prisma/schema-engine-wasm/schema_engine_bg')
      .replace(/\.js$/, '.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === 'function') start();
  })();
  return wasmReady;
}

export async function readSchema(sources: SchemaSources = {}): Promise<string> {
  return readFile(sources.schemaPath ?? schemaPath, 'utf8');
}

/** The migrations folder as the engine expects it (sorted by directory name). */
export async function loadMigrations(sources: SchemaSources = {}): Promise<bg.MigrationList> {
  const dir = sources.migrationsDir ?? migrationsDir;
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrationDirectories: bg.MigrationDirectory[] = [];
  for (const name of directories) {
    const sqlPath = path.join(dir, name, 'migration.sql');
    const content = await readFile(sqlPath, 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (error: Error) => ({ tag: 'error' as const, value: error.message }),
    );
    migrationDirectories.push({ path: name, migrationFile: { path: 'migration.sql', content } });
  }
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * The pg adapter runs a migration script by splitting it on every `;`, which breaks
 * dollar-quoted function bodies (our triggers) and comments. PostgreSQL's simple-query
 * protocol runs a whole multi-statement script natively, as one implicit transaction.
 */
function runScriptsWhole(adapter: PgAdapter): PgAdapter {
  teachAdapterCharColumns(adapter);
  const driver = adapter.underlyingDriver() as pg.Pool | pg.PoolClient;
  adapter.executeScript = async (script: string) => {
    await driver.query(script);
  };
  return adapter;
}

/**
 * The stock adapter's shadow database drops the database before closing the pool that is
 * connected to it (so the DROP fails), and its pool config lets a connection string override
 * the shadow's database name. This one creates, uses and force-drops its shadow cleanly.
 */
class WholeScriptPg extends PrismaPg {
  /** Adapters handed to the engine, closed by disposeAll(): the engine never closes them. */
  private readonly opened: PgAdapter[] = [];

  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override async connect(): Promise<PgAdapter> {
    const adapter = runScriptsWhole(await super.connect());
    this.opened.push(adapter);
    return adapter;
  }

  /**
   * Ends every pool this factory opened. An idle pooled connection would otherwise keep
   * Prisma's migration advisory lock until the pool's idle timeout, stalling the next
   * migration on the same database in this process.
   */
  async disposeAll(): Promise<void> {
    const adapters = this.opened.splice(0);
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new WholeScriptPg({ ...this.poolConfig, database }).connect();
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

/**
 * Connection settings as separate fields. The adapter builds its shadow database's pool as
 * `{ ...config, database }`, and a `connectionString` would silently win over `database`,
 * pointing the "shadow" at the real database.
 */
function poolConfig(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const sslmode = url.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(url.hostname) || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
    ssl:
      sslmode && sslmode !== 'disable'
        ? { rejectUnauthorized: sslmode === 'verify-full' }
        : undefined,
  };
}

/** Opens an engine on `databaseUrl`, runs `work`, and always frees it. */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  work: (engine: bg.SchemaEngine, schema: string) => Promise<T>,
  sources: SchemaSources = {},
): Promise<T> {
  await loadWasm();
  const schema = await readSchema(sources);
  const factory = new WholeScriptPg(poolConfig(databaseUrl));
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => {},
    adapter,
  );
  try {
    return await work(engine, schema);
  } finally {
    engine.free();
    await factory.disposeAll();
  }
}

/** Applies pending migrations; returns the names applied (empty when up to date). */
export async function applyMigrations(
  databaseUrl: string,
  sources: SchemaSources = {},
): Promise<string[]> {
  const applied = await withSchemaEngine(
    databaseUrl,
    async (engine) => {
      const result = await engine.applyMigrations({
        migrationsList: await loadMigrations(sources),
        filters: noFilter,
      });
      return result.appliedMigrationNames;
    },
    sources,
  );
  // The job queue's tables are part of the database the app needs: a payment webhook enqueues
  // its confirmation SMS in its own transaction, so the queues must exist before it runs.
  await installJobQueue(databaseUrl);
  return applied;
}

/**
 * SQL that would take a database built from the committed migrations to the schema in
 * prisma/schema.prisma. Empty when they agree. Uses a temporary shadow database on the server
 * behind `databaseUrl` (created and dropped by the adapter).
 */
export async function diffMigrationsToSchema(
  databaseUrl: string,
  sources: SchemaSources = {},
): Promise<string> {
  return withSchemaEngine(
    databaseUrl,
    async (engine, schema) => {
      const result = await engine.diff({
        from: { tag: 'migrations', ...(await loadMigrations(sources)) },
        to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
        script: true,
        exitCode: null,
        filters: noFilter,
      });
      return (result.stdout ?? '').trim();
    },
    sources,
  );
}

/** True when `sql` is only comments / whitespace (the engine's "empty migration"). */
export function isEmptyMigration(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
