import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { queryE2eDatabase, signInWithBillCode, spareAccount } from '../auth/helpers';

/**
 * The portal as production runs it (docs/deployment.md): nginx in front of TWO app instances
 * on one PostgreSQL. The first instance is the e2e app; this spec starts a second one
 * (scripts/serve.ts) and nginx (Debian's package, round robin, X-Forwarded-For set to the peer
 * it saw), then shows that webhooks book exactly once whichever instance gets them, that limits
 * and lockouts are shared, that the client address is the one nginx saw, and that killing an
 * instance mid-load loses no acknowledged payment.
 */
test.describe.configure({ mode: 'serial' });

const root = path.resolve(import.meta.dirname, '../..');
const WEBHOOK_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_kvartplata_dev_only_secret';
let second: ChildProcess | undefined;
let nginx: ChildProcess | undefined;
let proxyUrl = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function healthy(url: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Stripe's signature scheme (t=…,v1=HMAC-SHA256(secret, "t.payload")). */
function signed(payload: string): string {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${payload}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

function paymentEvent(accountNumber: string, paymentIntent: string, amount = 5_000) {
  const tag = randomBytes(8).toString('hex');
  return JSON.stringify({
    id: `evt_proxy_${tag}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_proxy_${tag}`,
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: amount,
        currency: 'uah',
        payment_intent: paymentIntent,
        metadata: { accountNumber },
      },
    },
  });
}

async function deliver(body: string): Promise<number> {
  try {
    const response = await fetch(`${proxyUrl}/api/webhooks/stripe`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'stripe-signature': signed(body) },
    });
    return response.status;
  } catch {
    return 0;
  }
}

async function debtor(offset: number): Promise<string> {
  const rows = await queryE2eDatabase<{ number: string }>(
    `SELECT number FROM account
      WHERE balance_kopecks > 100000 AND number NOT LIKE '1111%' AND number NOT LIKE '2222%'
        AND number NOT LIKE '3333%' AND number NOT LIKE '4444%' AND number NOT LIKE '5555%'
      ORDER BY id DESC OFFSET $1 LIMIT 1`,
    [offset],
  );
  const number = rows[0]?.number;
  if (!number) throw new Error('no debtor in the demo data');
  return number;
}

test.beforeAll(async ({ baseURL }) => {
  const nginxBin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(
    (bin) => spawnSync(bin, ['-v']).status === 0,
  );
  if (!nginxBin) throw new Error('nginx is not installed: apt-get install -y nginx');
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl || !baseURL) throw new Error('run through playwright test (global setup)');
  const first = new URL(baseURL);
  const secondPort = await freePort();
  second = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', 'scripts/serve.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(secondPort),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        TRUSTED_PROXIES: 'loopback',
      },
      stdio: 'ignore',
    },
  );
  await healthy(`http://127.0.0.1:${secondPort}`);

  const dir = mkdtempSync(path.join(tmpdir(), 'kvartplata-nginx-'));
  const proxyPort = await freePort();
  proxyUrl = `http://127.0.0.1:${proxyPort}`;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream portal {
    server 127.0.0.1:${first.port} max_fails=1 fail_timeout=30s;
    server 127.0.0.1:${secondPort} max_fails=1 fail_timeout=30s;
  }
  server {
    listen 127.0.0.1:${proxyPort};
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Host $host:$server_port;
      # The edge proxy SETS the client address (what it saw), discarding what the client sent.
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`,
  );
  nginx = spawn(nginxBin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  await healthy(proxyUrl, 20);
});

test.afterAll(async () => {
  nginx?.kill('SIGTERM');
  second?.kill('SIGTERM');
});

test('20 concurrent duplicates of one webhook, split over both instances, book exactly once', async () => {
  const account = await debtor(0);
  const intent = `pi_proxy_${randomBytes(8).toString('hex')}`;
  const body = paymentEvent(account, intent);
  const statuses = await Promise.all(Array.from({ length: 20 }, () => deliver(body)));
  expect(statuses.every((status) => status === 200)).toBe(true);
  const rows = await queryE2eDatabase<{ n: number }>(
    'SELECT count(*)::int AS n FROM payment WHERE provider_payment_id = $1',
    [intent],
  );
  expect(rows[0]?.n).toBe(1);
});

test('the look-up budget is shared by both instances and keyed on the address nginx saw, whatever the client claims', async () => {
  const account = await debtor(1);
  const statuses: number[] = [];
  for (let i = 0; i < 61; i++) {
    const response = await fetch(`${proxyUrl}/api/v1/accounts/${account}`, {
      headers: { 'x-forwarded-for': `10.9.${i}.1`, 'x-real-ip': `10.8.${i}.1` },
    });
    statuses.push(response.status);
  }
  // 30 per 5 minutes for the one address nginx saw, counted across both instances (61 tries
  // cover a window boundary).
  expect(statuses).toContain(429);
  expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(60);
});

test('a lockout is shared: five wrong codes through the proxy, whichever instance answers each', async ({
  browser,
}, testInfo) => {
  const account = await spareAccount(testInfo, 7);
  const context = await browser.newContext({ baseURL: proxyUrl, locale: 'uk-UA' });
  try {
    const page = await context.newPage();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInWithBillCode(page, { number: account.number, code: `0000000${attempt}` });
    }
    await expect(page.locator('#sign-in-error')).toContainText(
      'Вхід до цього рахунку заблоковано до',
    );
  } finally {
    await context.close();
  }
});

test('killing one instance mid-load loses no acknowledged payment; retried deliveries book once', async () => {
  const account = await debtor(2);
  const bodies = Array.from({ length: 30 }, () =>
    paymentEvent(account, `pi_proxy_${randomBytes(8).toString('hex')}`),
  );
  const first = bodies.map((body, i) =>
    new Promise<number>((resolve) => setTimeout(resolve, i * 20)).then(() => deliver(body)),
  );
  setTimeout(() => second?.kill('SIGKILL'), 200);
  const statuses = await Promise.all(first);
  const intents = bodies.map((body) => JSON.parse(body).data.object.payment_intent as string);
  const booked = async () =>
    new Set(
      (
        await queryE2eDatabase<{ provider_payment_id: string }>(
          'SELECT provider_payment_id FROM payment WHERE provider_payment_id = ANY($1)',
          [intents],
        )
      ).map((row) => row.provider_payment_id),
    );
  const afterKill = await booked();
  statuses.forEach((status, i) => {
    if (status === 200) expect(afterKill.has(intents[i] ?? '')).toBe(true);
  });
  // Stripe redelivers what was not acknowledged: everything ends booked exactly once.
  for (const [i, body] of bodies.entries()) {
    if (statuses[i] === 200) continue;
    let status = 0;
    for (let attempt = 0; attempt < 5 && status !== 200; attempt++) status = await deliver(body);
    expect(status).toBe(200);
  }
  const counts = await queryE2eDatabase<{ n: number; distinct_n: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT provider_payment_id)::int AS distinct_n
       FROM payment WHERE provider_payment_id = ANY($1)`,
    [intents],
  );
  expect(counts[0]).toEqual({ n: 30, distinct_n: 30 });
});
