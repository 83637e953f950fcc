/**
 * The dialer API: bearer keys (hashed at rest), the full list as JSON and streamed CSV, the
 * changes feed and its cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, kyivMonthOf } from '@/lib/dates';
import { refreshCallListEntry } from '@/lib/domain/call-list/refresh-call-list-entry';
import { openCallListSnapshot } from '@/lib/domain/dialer/call-list-feed';
import { postAdjustment } from '@/lib/domain/ledger/post-ledger-entry';
import { getPrisma } from '@/lib/server/db';
import { getPgPool } from '@/lib/server/pg-pool';
import { DEFAULT_RULES } from '@/test/billing-rules';
import { createAccountWithDebt, createDialerKey } from '@/test/factories';
import { GET as getChanges } from './changes/route';
import { GET as getCallList } from './route';

const prisma = getPrisma();
const months = [-9, -8, -7, -6, -5].map((n) => addMonths(kyivMonthOf(new Date()), n));
let key = '';
let debtor: Awaited<ReturnType<typeof createAccountWithDebt>>;

beforeAll(async () => {
  key = await createDialerKey(prisma);
  debtor = await createAccountWithDebt(prisma, { months, monthlyKopecks: 40_000 });
  await prisma.$transaction((tx) =>
    refreshCallListEntry(tx, { rules: DEFAULT_RULES, accountId: debtor.accountId }),
  );
});

afterAll(async () => {
  await prisma.$disconnect();
});

const call = (path: string, headers: Record<string, string> = {}) =>
  path.startsWith('/api/v1/call-list/changes')
    ? getChanges(new Request(`http://test${path}`, { headers }))
    : getCallList(new Request(`http://test${path}`, { headers }));

describe('dialer authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong key', { authorization: 'Bearer kvp_this_key_does_not_exist_at_all' }],
    ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('%s → 401 on both endpoints', async (_name, headers) => {
    for (const path of ['/api/v1/call-list', '/api/v1/call-list/changes']) {
      const response = await call(path, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: 'UNAUTHORIZED' });
    }
  });

  it('a revoked key → 401', async () => {
    const revoked = await createDialerKey(prisma, { revoked: true });
    expect((await call('/api/v1/call-list', { authorization: `Bearer ${revoked}` })).status).toBe(
      401,
    );
  });

  it('stores only the hash of a key', async () => {
    const rows = await prisma.dialerApiKey.findMany({ select: { keyHash: true, prefix: true } });
    expect(rows.some((row) => row.keyHash.includes(key) || key === row.keyHash)).toBe(false);
  });
});

describe('GET /api/v1/call-list', () => {
  it('lists the debtor as JSON with phone, overdue, months and since, plus a cursor', async () => {
    const response = await call('/api/v1/call-list', { authorization: `Bearer ${key}` });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { cursor: string; entries: Record<string, unknown>[] };
    expect(body.cursor).toMatch(/^\d+$/);
    expect(response.headers.get('x-call-list-cursor')).toBe(body.cursor);
    expect(body.entries).toContainEqual({
      accountNumber: debtor.accountNumber,
      phone: debtor.phone,
      overdue: 5 * 40_000,
      overdueMonths: expect.any(Number),
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('streams CSV with Accept: text/csv', async () => {
    const response = await call('/api/v1/call-list', {
      authorization: `Bearer ${key}`,
      accept: 'text/csv',
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('accountNumber,phone,overdue,overdueMonths,since');
    expect(
      lines.some((line) => line.startsWith(`${debtor.accountNumber},${debtor.phone},200000,`)),
    ).toBe(true);
  });
});

describe('GET /api/v1/call-list/changes', () => {
  it('returns events after the cursor in order, and an unchanged cursor when there are none', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const head = (await (await call('/api/v1/call-list', auth)).json()) as { cursor: string };
    const none = (await (
      await call(`/api/v1/call-list/changes?after=${head.cursor}`, auth)
    ).json()) as {
      changes: unknown[];
      cursor: string;
    };
    expect(none).toEqual({ changes: [], cursor: head.cursor });

    await prisma.$transaction((tx) =>
      postAdjustment(tx, {
        rules: DEFAULT_RULES,
        accountId: debtor.accountId,
        amountKopecks: -200_000,
        memo: 'Test write-off',
      }),
    );
    const page = (await (
      await call(`/api/v1/call-list/changes?after=${head.cursor}`, auth)
    ).json()) as {
      changes: { accountNumber: string; action: string; reason: string; cursor: string }[];
      cursor: string;
    };
    expect(page.changes).toEqual([
      expect.objectContaining({
        accountNumber: debtor.accountNumber,
        action: 'REMOVED',
        reason: 'PAID',
      }),
    ]);
    expect(page.cursor).toBe(page.changes[0]?.cursor);
    expect(BigInt(page.cursor) > BigInt(head.cursor)).toBe(true);
  });

  it.each([
    ['after=abc'],
    ['after=-1'],
    ['limit=0'],
    ['limit=100000'],
    ['after=99999999999999999999999'],
  ])('a bad query (%s) → 400', async (query) => {
    const response = await call(`/api/v1/call-list/changes?${query}`, {
      authorization: `Bearer ${key}`,
    });
    expect(response.status).toBe(400);
  });
});

describe('aborted downloads give their connection back (issue 12, defect 1)', () => {
  const pool = getPgPool();
  const open = async () => {
    const rows = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    return rows[0]?.n ?? 0;
  };
  const settle = async () => {
    for (let i = 0; i < 50 && pool.totalCount - pool.idleCount > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it.each([
    ['JSON', {}],
    ['CSV', { accept: 'text/csv' }],
  ] as const)(
    '%s: the client goes away before reading a byte, ten times over the pool size',
    async (_kind, accept) => {
      for (let i = 0; i < 10; i++) {
        const aborted = new AbortController();
        const response = await getCallList(
          new Request('http://test/api/v1/call-list', {
            headers: { authorization: `Bearer ${key}`, ...accept },
            signal: aborted.signal,
          }),
        );
        expect(response.status).toBe(200);
        aborted.abort();
      }
      await settle();
      expect(pool.totalCount - pool.idleCount).toBe(0);
      expect(await open()).toBe(0);
      // And the list still answers.
      const after = await call('/api/v1/call-list', { authorization: `Bearer ${key}` });
      expect(after.status).toBe(200);
      expect(Array.isArray(((await after.json()) as { entries: unknown[] }).entries)).toBe(true);
    },
  );

  it('mid-stream: the reader cancels after the first chunk', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await call('/api/v1/call-list', {
        authorization: `Bearer ${key}`,
        accept: 'text/csv',
      });
      const reader = response.body?.getReader();
      await reader?.read();
      await reader?.cancel();
    }
    await settle();
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(await open()).toBe(0);
  });

  it('a snapshot nobody reads is closed by its lifetime limit', async () => {
    const snapshot = await openCallListSnapshot(pool, { maxLifetimeMs: 50 });
    expect(pool.totalCount - pool.idleCount).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settle();
    expect(pool.totalCount - pool.idleCount).toBe(0);
    // A late read of a closed snapshot yields nothing and touches no connection.
    expect(await snapshot.rows.next()).toEqual({ done: true, value: undefined });
  });
});

describe('health notices an exhausted call-list pool', () => {
  it('503 while every connection is held and a caller waits, 200 again after', async () => {
    const { GET: health } = await import('@/app/api/health/route');
    const pool = getPgPool();
    const held = await Promise.all(
      Array.from({ length: pool.options.max ?? 4 }, () => pool.connect()),
    );
    const waiting = pool.connect();
    try {
      const response = await health();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ callListPool: 'exhausted', database: 'up' });
    } finally {
      for (const client of held) client.release();
      (await waiting).release();
    }
    expect((await health()).status).toBe(200);
  });
});
