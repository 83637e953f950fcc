/**
 * `npm test`: every test layer in order, output streamed, stopping at the first failure:
 *
 *   1. unit         vitest run --project unit
 *   2. db:check     npm run db:check (prisma/schema.prisma vs prisma/migrations)
 *   3. integration  vitest run --project integration (fresh database on TEST_DATABASE_URL)
 *   4. e2e          playwright test (the app started on a fresh database, Debian Chromium)
 *
 * Ends with a summary whose last line is exactly `N passed, N failed` (tests of all runners;
 * db:check counts as one test), and exits non-zero when anything failed. See docs/testing.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testServerUrl } from '../test/database';

type Counts = { passed: number; failed: number };
type Step = {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Test counts from the runner's report, when it wrote one. */
  counts?: () => Promise<Counts | undefined>;
};
type Outcome = { step: Step; exitCode: number; counts: Counts; seconds: number };

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const reports = await mkdtemp(path.join(tmpdir(), 'kvartplata-test-reports-'));
const serverUrl = testServerUrl();

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function numberField(value: unknown, key: string): number {
  if (typeof value !== 'object' || value === null) return 0;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'number' ? field : 0;
}

function vitestStep(project: 'unit' | 'integration'): Step {
  const report = path.join(reports, `vitest-${project}.json`);
  return {
    name: project,
    command: bin('vitest'),
    args: [
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    counts: async () => {
      const json = await readJson(report);
      if (json === undefined) return undefined;
      return {
        passed: numberField(json, 'numPassedTests'),
        failed: numberField(json, 'numFailedTests'),
      };
    },
  };
}

function playwrightStep(): Step {
  const report = path.join(reports, 'playwright.json');
  return {
    name: 'e2e',
    command: bin('playwright'),
    args: ['test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: report },
    counts: async () => {
      const json = await readJson(report);
      if (typeof json !== 'object' || json === null || !('stats' in json)) return undefined;
      const { stats } = json;
      return {
        passed: numberField(stats, 'expected') + numberField(stats, 'flaky'),
        failed: numberField(stats, 'unexpected'),
      };
    },
  };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'];
const APT_PACKAGES = ['chromium', 'nginx-light'];

function machineLacks(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (!NGINX.some((bin) => existsSync(bin))) missing.push('nginx');
  return missing;
}

/** apt-get, streamed; true when it exited 0. */
function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Whether PostgreSQL answers at the test server's address within two seconds. */
function postgresAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * What the machine must have for the whole suite, checked before anything runs. Debian's
 * Chromium and nginx are part of what the suite installs: as root on Debian it installs them
 * with apt-get (set KVARTPLATA_NO_APT=1 to refuse); otherwise, or if that fails, it stops
 * within seconds with the one line that fixes it. PostgreSQL must answer at TEST_DATABASE_URL.
 */
async function preflight(): Promise<void> {
  let missing = machineLacks();
  const canInstall =
    process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.KVARTPLATA_NO_APT;
  if (missing.length > 0 && canInstall) {
    console.log(
      `npm test: ${missing.join(' and ')} missing: installing Debian's ${APT_PACKAGES.join(' and ')} (apt-get, as root; KVARTPLATA_NO_APT=1 refuses)`,
    );
    const install = ['install', '-y', '--no-install-recommends', ...APT_PACKAGES];
    if (!aptGet(install)) {
      // A fresh machine's package lists may be empty or stale.
      aptGet(['update']);
      aptGet(install);
    }
    missing = machineLacks();
  }
  if (missing.length > 0) {
    console.error(
      `npm test needs ${missing.join(' and ')}: run  apt-get install -y chromium nginx-light  (or bash .ci/run, which installs them)`,
    );
    process.exit(1);
  }
  if (!(await postgresAnswers(serverUrl))) {
    console.error(
      `npm test needs PostgreSQL at ${new URL(serverUrl).host}: start it (pg_ctlcluster 15 main start) or set TEST_DATABASE_URL`,
    );
    process.exit(1);
  }
}
await preflight();

const steps: Step[] = [
  vitestStep('unit'),
  {
    name: 'db:check',
    command: 'npm',
    args: ['run', 'db:check'],
    // The check builds the migrations in a temporary shadow database on this server.
    env: { DATABASE_URL: serverUrl },
  },
  vitestStep('integration'),
  playwrightStep(),
];

let interrupted = false;
// Ctrl-C reaches the runners too (same process group); let them clean up before we report.
process.on('SIGINT', () => {
  interrupted = true;
});

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TEST_DATABASE_URL: serverUrl, ...step.env },
    });
    child.once('error', (error) => {
      console.error(`npm test: cannot run ${step.command}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function banner(text: string): void {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(4, 72 - text.length))}`);
}

const outcomes: Outcome[] = [];
for (const [index, step] of steps.entries()) {
  banner(
    `[${index + 1}/${steps.length}] ${step.name}: ${path.basename(step.command)} ${step.args.join(' ')}`,
  );
  const started = Date.now();
  const exitCode = await run(step);
  const seconds = (Date.now() - started) / 1000;
  const reported = await step.counts?.();
  const counts = reported ?? { passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1 };
  // A runner can fail outside any test (global setup, unhandled error): count that as one.
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  outcomes.push({ step, exitCode, counts, seconds });
  if (exitCode !== 0 || interrupted) break;
}
await rm(reports, { recursive: true, force: true });

banner('Summary');
const width = Math.max(...steps.map((step) => step.name.length));
for (const step of steps) {
  const outcome = outcomes.find((candidate) => candidate.step === step);
  const label = step.name.padEnd(width);
  if (!outcome) {
    console.log(`  ${label}  not run`);
    continue;
  }
  const verdict = outcome.exitCode === 0 ? 'ok    ' : 'FAILED';
  const { passed, failed } = outcome.counts;
  console.log(
    `  ${label}  ${verdict}  ${passed} passed, ${failed} failed  (${outcome.seconds.toFixed(1)} s)`,
  );
}
const total = outcomes.reduce(
  (sum, { counts }) => ({ passed: sum.passed + counts.passed, failed: sum.failed + counts.failed }),
  { passed: 0, failed: 0 },
);
const failed = interrupted || outcomes.some((outcome) => outcome.exitCode !== 0);
if (interrupted) console.log('  interrupted');
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(failed ? 1 : 0);
