/**
 * Lighthouse over the resident pages, beside a trivial Next.js page measured in the same run
 * (docs/resident-portal.md "Benchmarks"). Mobile preset, simulated throttling (Lighthouse's
 * defaults), Debian's Chromium. Read-only apart from one sign-in.
 *
 *   npx tsx scripts/bench/lighthouse.ts --database-url URL [--port 3610] [--runs 3]
 *   npx tsx scripts/bench/lighthouse.ts --base-url http://127.0.0.1:3000 [--runs 3]
 *
 * With --database-url it starts the built app (`next start`; run `npm run build` first) on a
 * seeded database (demo data: the fixture accounts); with --base-url it measures a running app.
 * Signed-in pages get the session cookie obtained by signing in through the sign-in form with
 * fetch (the server action's own hidden fields), passed to Lighthouse as an extra header.
 * Per page it prints the median run (by performance score): score, LCP, TBT, CLS, JS bytes
 * transferred, and the JS relative to the baseline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fixtureByKey } from '../../prisma/seed/fixtures';
import { startBenchServer } from './server';

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu'];
const LIGHTHOUSE_VERSION = '12.2.3';

export type PageSpec = { name: string; path: string; signedIn: boolean };

export const PAGES: PageSpec[] = [
  { name: 'baseline (/bench-baseline)', path: '/bench-baseline', signedIn: false },
  { name: 'home / look-up (/)', path: '/', signedIn: false },
  { name: 'sign-in (/sign-in)', path: '/sign-in', signedIn: false },
  { name: 'overview (/account)', path: '/account', signedIn: true },
  { name: 'statement (/account/statement)', path: '/account/statement', signedIn: true },
];

export type Figures = {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  jsBytes: number;
  requests: number;
};

// ── narrowing Lighthouse's untyped result (the package is loaded at run time) ──

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Lighthouse result has no number at ${what}`);
  }
  return value;
}

function figuresOf(lhr: unknown): Figures {
  const runtimeError = at(lhr, 'runtimeError', 'message');
  if (typeof runtimeError === 'string') throw new Error(`Lighthouse: ${runtimeError}`);
  const items = at(lhr, 'audits', 'network-requests', 'details', 'items');
  const requests = Array.isArray(items) ? items : [];
  const jsBytes = requests
    .filter((item) => at(item, 'resourceType') === 'Script')
    .reduce((sum, item) => sum + (Number(at(item, 'transferSize')) || 0), 0);
  return {
    score: num(at(lhr, 'categories', 'performance', 'score'), 'performance score'),
    lcpMs: num(at(lhr, 'audits', 'largest-contentful-paint', 'numericValue'), 'LCP'),
    tbtMs: num(at(lhr, 'audits', 'total-blocking-time', 'numericValue'), 'TBT'),
    cls: num(at(lhr, 'audits', 'cumulative-layout-shift', 'numericValue'), 'CLS'),
    jsBytes,
    requests: requests.length,
  };
}

type LighthouseFn = (url: string, flags: Record<string, unknown>) => Promise<unknown>;

async function loadLighthouse(): Promise<LighthouseFn> {
  // A variable specifier: the package is a dev tool installed on demand, not a dependency
  // the type checker or the app's bundle should need.
  const specifier = 'lighthouse';
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch {
    console.error(
      `lighthouse is not installed: npm install --save-dev lighthouse@${LIGHTHOUSE_VERSION} (12.2.3: newer versions need Node 22)`,
    );
    process.exit(2);
  }
  const run = at(mod, 'default');
  if (typeof run !== 'function') throw new Error('the lighthouse module has no default export');
  return (url, flags) => Promise.resolve(run(url, flags));
}

// ── Chromium with a DevTools port for Lighthouse to drive ──

type Browser = { port: number; stop: () => void };

function startChromium(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kp-lighthouse-'));
  const child: ChildProcess = spawn(
    CHROME_PATH,
    [
      ...CHROME_FLAGS,
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stop = () => {
    child.kill('SIGTERM');
    // Chromium's helpers may still be writing into the profile for a moment after the signal:
    // retry the removal, and never fail a measurement over a leftover temporary directory.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.warn(`could not remove ${profile}: ${(error as Error).message}`);
    }
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${CHROME_PATH} did not open a DevTools port within 30 s:\n${output}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${CHROME_PATH} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

// ── signing in through the form, as a browser without JavaScript would ──

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1] ?? '') : null;
}

function setCookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '');
}

/** The Cookie header of a signed-in session for a fixture account (bill access code). */
export async function signInCookie(baseUrl: string): Promise<string> {
  const fixture = fixtureByKey('CALL_LIST_DEBTOR');
  const page = await fetch(`${baseUrl}/sign-in?back=%2Faccount`);
  const html = await page.text();
  const form = /<form\b[^>]*>[\s\S]*?<\/form>/g;
  const withCode = [...html.matchAll(form)].map((m) => m[0]).find((f) => /name="code"/.test(f));
  if (!withCode) throw new Error('the sign-in page has no form with a "code" field');
  const body = new FormData();
  for (const tag of withCode.match(/<input\b[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    if (name) body.append(name, attribute(tag, 'value') ?? '');
  }
  body.set('accountNumber', fixture.number);
  body.set('code', fixture.billAccessCode);
  const pageCookies = setCookiePairs(page);
  const response = await fetch(`${baseUrl}/sign-in?back=%2Faccount`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { Origin: baseUrl, ...(pageCookies.length ? { Cookie: pageCookies.join('; ') } : {}) },
  });
  const cookies = [...pageCookies, ...setCookiePairs(response)].filter((c) =>
    /session-token=./.test(c),
  );
  if (cookies.length === 0) {
    throw new Error(`signing in gave no session cookie (HTTP ${response.status})`);
  }
  const check = await fetch(`${baseUrl}/account`, {
    headers: { Cookie: cookies.join('; ') },
    redirect: 'manual',
  });
  if (check.status !== 200) throw new Error(`/account with the session answered ${check.status}`);
  return cookies.join('; ');
}

// ── the run ──

function median(runs: Figures[]): Figures {
  const sorted = [...runs].sort((a, b) => a.score - b.score);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no runs');
  return middle;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * Lighthouse (mobile preset) over `pages` of a running portal: the median run of each by score.
 * Signs in once as the fixture CALL_LIST_DEBTOR for the signed-in pages. Exits the process with
 * a one-line hint when the lighthouse package is not installed.
 */
export async function measurePages(options: {
  baseUrl: string;
  pages: readonly PageSpec[];
  runs: number;
}): Promise<{ page: PageSpec; figures: Figures }[]> {
  const lighthouse = await loadLighthouse();
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const browser = await startChromium();
  try {
    const cookie = options.pages.some((page) => page.signedIn) ? await signInCookie(baseUrl) : '';
    const results: { page: PageSpec; figures: Figures }[] = [];
    for (const page of options.pages) {
      const pageRuns: Figures[] = [];
      for (let run = 0; run < options.runs; run++) {
        const lhr = at(
          await lighthouse(`${baseUrl}${page.path}`, {
            port: browser.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance'],
            ...(page.signedIn ? { extraHeaders: { Cookie: cookie } } : {}),
          }),
          'lhr',
        );
        const finalUrl = at(lhr, 'finalDisplayedUrl');
        if (page.signedIn && typeof finalUrl === 'string' && finalUrl.includes('/sign-in')) {
          throw new Error(`${page.path} was redirected to sign-in: the session was not accepted`);
        }
        pageRuns.push(figuresOf(lhr));
      }
      results.push({ page, figures: median(pageRuns) });
    }
    return results;
  } finally {
    browser.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'base-url': { type: 'string' },
      port: { type: 'string', default: '3610' },
      runs: { type: 'string', default: '3' },
    },
  });
  const runs = Math.max(1, Number(values.runs) || 1);
  const databaseUrl = values['database-url'];
  if (!values['base-url'] && !databaseUrl) {
    console.error(
      'usage: npx tsx scripts/bench/lighthouse.ts --database-url URL | --base-url URL [--runs 3]',
    );
    process.exit(2);
  }
  await loadLighthouse();
  const server = values['base-url']
    ? null
    : await startBenchServer({ databaseUrl: databaseUrl ?? '', port: Number(values.port) });
  const baseUrl = (values['base-url'] ?? server?.url ?? '').replace(/\/$/, '');
  try {
    console.log(
      `Lighthouse ${LIGHTHOUSE_VERSION}, mobile preset, simulated throttling, ${CHROME_PATH}; ${baseUrl}; median of ${runs} run(s) per page\n`,
    );
    const results = await measurePages({ baseUrl, pages: PAGES, runs });
    const baselineJs = results[0]?.figures.jsBytes ?? 0;
    const header = `${'page'.padEnd(32)} ${'score'.padStart(5)} ${'LCP'.padStart(7)} ${'TBT'.padStart(7)} ${'CLS'.padStart(6)} ${'JS'.padStart(10)} ${'vs base'.padStart(8)}`;
    console.log(header);
    console.log('-'.repeat(header.length));
    for (const { page, figures } of results) {
      const ratio =
        baselineJs > 0 ? `${((figures.jsBytes / baselineJs - 1) * 100).toFixed(1)} %` : 'n/a';
      console.log(
        `${page.name.padEnd(32)} ${figures.score.toFixed(2).padStart(5)} ${`${(figures.lcpMs / 1000).toFixed(2)} s`.padStart(7)} ${`${Math.round(figures.tbtMs)} ms`.padStart(7)} ${figures.cls.toFixed(3).padStart(6)} ${kib(figures.jsBytes).padStart(10)} ${(page.path === '/bench-baseline' ? '—' : ratio).padStart(8)}`,
      );
    }
    const resident = results.slice(1);
    const misses = resident.flatMap(({ page, figures }) => [
      ...(figures.score < 0.95 ? [`${page.path}: performance ${figures.score} < 0.95`] : []),
      ...(figures.lcpMs > 2000 ? [`${page.path}: LCP ${Math.round(figures.lcpMs)} ms > 2000`] : []),
      ...(figures.cls >= 0.05 ? [`${page.path}: CLS ${figures.cls} ≥ 0.05`] : []),
      ...(baselineJs > 0 && figures.jsBytes > baselineJs * 1.2
        ? [`${page.path}: JS ${kib(figures.jsBytes)} > 120 % of the baseline's`]
        : []),
    ]);
    console.log(
      misses.length === 0
        ? '\nAll aims met: performance ≥ 0.95, LCP ≤ 2.0 s, CLS < 0.05, JS within 20 % of the baseline.'
        : `\nAims missed:\n  ${misses.join('\n  ')}`,
    );
  } finally {
    await server?.stop();
  }
}

// Run as a script (not when the benchmarks import measurePages).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
