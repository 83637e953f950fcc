// Runs `prisma generate` without Prisma's native schema engine, which these machines
// cannot download: generate only needs *an* executable at that path (see shared STACK.md).
// Migrations use the WebAssembly schema engine instead (scripts/db/migrate.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const prismaCli = fileURLToPath(import.meta.resolve('prisma/build/index.js'));
const result = spawnSync(process.execPath, [prismaCli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
