import { randomBytes, randomInt } from 'node:crypto';
import { type APIRequestContext, type BrowserContext, expect, test } from '@playwright/test';
import { ACTION_ROLES, PAGE_ROLES, ROUTE_ROLES } from '../../app/staff/_lib/action-roles';
import { expectSignedInTo, FIXTURES, queryE2eDatabase, signInWithBillCode } from '../auth/helpers';
import { createE2eStaff, signInStaffRequest } from './helpers';

/**
 * The role matrix (DESIGN rule 6, issue "Support console"): every console page, route and action
 * × {anonymous, resident, SUPPORT, SUPERVISOR, ADMIN}. Pages: no staff session → the staff
 * sign-in page (a resident's cookie is not a staff session); a lower role → 403. Actions and
 * routes: no staff session or a lower role → 403 with a VALID request, and nothing changes (no
 * audit entry, the targets as they were). A permitted role gets past the role check: its request
 * is then deliberately incomplete and comes back 303 with the form's error, changing nothing.
 */
type Who = 'anonymous' | 'resident' | 'SUPPORT' | 'SUPERVISOR' | 'ADMIN';
const WHO: Who[] = ['anonymous', 'resident', 'SUPPORT', 'SUPERVISOR', 'ADMIN'];
const RANK = { SUPPORT: 1, SUPERVISOR: 2, ADMIN: 3 } as const;
const allowed = (who: Who, least: keyof typeof RANK) =>
  who in RANK && RANK[who as keyof typeof RANK] >= RANK[least];

test.describe.configure({ mode: 'serial' });

const contexts = new Map<Who, BrowserContext>();
let accountId = 0;
let disputeId = 0;
let requestId = 0;
let eventId = 0;
let planId = 0;
let importId = 0;
let keyId = 0;
let endpointId = 0;
/** The staff this spec signs in: audit entries are counted for them and for the targets only. */
const staffIds: number[] = [];

test.beforeAll(async ({ browser, baseURL }) => {
  for (const who of WHO) {
    const context = await browser.newContext({
      baseURL,
      extraHTTPHeaders: { 'x-forwarded-for': `10.77.${randomInt(256)}.${randomInt(1, 255)}` },
    });
    contexts.set(who, context);
    if (who === 'resident') {
      const page = await context.newPage();
      await signInWithBillCode(page, FIXTURES.recent);
      await expectSignedInTo(page, FIXTURES.recent.number);
      await page.close();
    } else if (who !== 'anonymous') {
      const staff = await createE2eStaff(who);
      staffIds.push(staff.id);
      await signInStaffRequest(context.request, baseURL as string, staff);
    }
  }
  const [account] = await queryE2eDatabase<{ id: number }>(
    `SELECT id FROM account WHERE number = '2222222222'`,
  );
  accountId = (account as { id: number }).id;
  // Targets the refused calls must leave alone: the fixture's open dispute, a pending request.
  const [dispute] = await queryE2eDatabase<{ id: number }>(
    `SELECT d.id FROM dispute d JOIN account a ON a.id = d.account_id WHERE a.number = '5555555555' AND d.status <> 'RESOLVED'`,
  );
  disputeId = (dispute as { id: number }).id;
  const requester = await createE2eStaff('ADMIN');
  staffIds.push(requester.id);
  const [request] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO adjustment_request (account_id, amount_kopecks, memo, requested_by_id)
     VALUES ($1, -100, 'role matrix', $2) RETURNING id`,
    [accountId, requester.id],
  );
  requestId = (request as { id: number }).id;
  const [event] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO webhook_event (provider, event_id, type, outcome, detail)
     VALUES ('STRIPE', $1, 'checkout.session.completed', 'NEEDS_REVIEW', '{"message":"unknown account"}') RETURNING id`,
    [`evt_matrix_${randomInt(1e9)}`],
  );
  eventId = (event as { id: number }).id;
  // A pending payment plan on a generated demo account (no other spec reads it).
  const [plan] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO payment_plan (account_id, status, total_kopecks, instalment_count,
                               credits_base_kopecks, locale, requested_at, review_reason)
     SELECT id, 'PENDING', 300000, 3, 0, 'uk', now(), 'AMOUNT' FROM account
      WHERE number NOT IN ('1111111116','2222222222','3333333338','4444444444','5555555555')
        AND NOT EXISTS (SELECT 1 FROM payment_plan p WHERE p.account_id = account.id)
      ORDER BY id DESC LIMIT 1
     RETURNING id`,
  );
  planId = (plan as { id: number }).id;
  // A finished bank registry import (its page and its error report).
  const [paymentImport] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO payment_import (file_name, sha256, size_bytes, encoding, delimiter, content,
                                 status, rows_total, uploaded_by_id, started_at, finished_at)
     VALUES ('role-matrix.csv', repeat('0', 64), 0, 'utf-8', ';', ''::bytea,
             'COMPLETED', 0, $1, now(), now()) RETURNING id`,
    [requester.id],
  );
  importId = (paymentImport as { id: number }).id;
  // A dialer key and a disabled push endpoint the refused calls must leave alone.
  const [key] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO dialer_api_key (name, prefix, key_hash)
     VALUES ('role matrix', $1, $2) RETURNING id`,
    [`kvp_rm${randomInt(1e9)}`, randomBytes(32).toString('hex')],
  );
  keyId = (key as { id: number }).id;
  const [endpoint] = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO dialer_push_endpoint (url, secret_sealed, last_delivered_event_id, disabled_at)
     VALUES ('https://dialer.example/role-matrix', 'v1.x.x.x', 0, now()) RETURNING id`,
  );
  endpointId = (endpoint as { id: number }).id;
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

function request(who: Who): APIRequestContext {
  return (contexts.get(who) as BrowserContext).request;
}

const fill = (path: string) =>
  path
    .replace(':account', String(accountId))
    .replace(':dispute', String(disputeId))
    .replace(':import', String(importId));

test('pages: sign-in for no staff session, 403 below the role, 200 otherwise', async () => {
  for (const [pattern, least] of Object.entries(PAGE_ROLES)) {
    const path = fill(pattern);
    for (const who of WHO) {
      const response = await request(who).get(path, { maxRedirects: 0 });
      const where = `${who} GET ${path}`;
      if (who === 'anonymous' || who === 'resident') {
        expect(response.status(), where).toBe(307);
        expect(response.headers().location, where).toContain('/staff/sign-in?back=');
      } else expect(response.status(), where).toBe(allowed(who, least) ? 200 : 403);
    }
  }
  for (const [pattern, least] of Object.entries(ROUTE_ROLES)) {
    const path = fill(pattern);
    for (const who of WHO) {
      const response = await request(who).get(path, { maxRedirects: 0 });
      expect(response.status(), `${who} GET ${path}`).toBe(allowed(who, least) ? 200 : 403);
      if (allowed(who, least)) expect(response.headers()['content-type']).toContain('text/csv');
    }
  }
});

/** A request each action would carry out (for the refusals), and one it refuses as incomplete. */
function valid(action: string): Record<string, string> {
  const forms: Record<string, Record<string, string>> = {
    'dispute.assign': { disputeId: String(disputeId) },
    'dispute.reply': { disputeId: String(disputeId), body: 'Відповідь' },
    'dispute.resolve': { disputeId: String(disputeId), resolution: 'REJECTED', note: 'Відхилено' },
    'account.correct': {
      accountId: String(accountId),
      direction: 'credit',
      amount: '1,00',
      memo: 'тест',
    },
    'account.bill-code': { accountId: String(accountId), deliver: 'SHOW' },
    'payment.attach': { eventId: String(eventId), accountNumber: '2222222222', note: 'тест' },
    'payment.refund': { eventId: String(eventId), note: 'тест' },
    'adjustment.decline': { requestId: String(requestId), note: 'ні' },
    'adjustment.approve': { requestId: String(requestId) },
    'plan.approve': { planId: String(planId) },
    'plan.decline': { planId: String(planId), note: 'ні' },
    'plan.cancel': { planId: String(planId), note: 'ні' },
    'tariff.schedule': { categoryId: '1', serviceId: '1', month: '2031-01', rate: '5,00' },
    'tariff.withdraw': { tariffId: '1' },
    'period.close': { month: '2026-11' },
    'dialer.key.create': { name: 'role matrix' },
    'dialer.key.revoke': { keyId: String(keyId) },
    'dialer.push.register': { url: 'https://dialer.example/role-matrix-new' },
    'dialer.push.rotate': { endpointId: String(endpointId) },
    'dialer.push.disable': { endpointId: String(endpointId) },
    'dialer.push.enable': { endpointId: String(endpointId) },
    'dialer.push.retry': { endpointId: String(endpointId) },
    'dialer.push.delete': { endpointId: String(endpointId) },
  };
  return forms[action] ?? {};
}

function incomplete(action: string): Record<string, string> {
  const { note: _note, body: _body, memo: _memo, ...rest } = valid(action);
  if (action === 'account.bill-code') return { accountId: '0', deliver: 'SHOW' };
  if (action === 'adjustment.approve') return { requestId: '0' };
  if (action === 'plan.approve') return { planId: '0' };
  if (action === 'dispute.assign') return { disputeId: '0' };
  if (action === 'tariff.schedule') return { categoryId: '1', serviceId: '1', month: '2031-01' };
  if (action === 'tariff.withdraw') return { tariffId: '0' };
  if (action === 'period.close') return {};
  if (action === 'dialer.key.create') return { name: '' };
  if (action === 'dialer.key.revoke') return { keyId: '0' };
  if (action === 'dialer.push.register') return { url: 'ftp://nope' };
  if (action.startsWith('dialer.push.')) return { endpointId: '0' };
  return rest;
}

/**
 * What the refused and incomplete calls must leave alone. Audit entries count only when they are
 * this spec's staff or touch its targets: other specs run at the same time and write their own.
 */
async function state() {
  const [row] = await queryE2eDatabase<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM audit_log
              WHERE action NOT IN ('staff.sign_in','account.search','account.view','dispute.view','audit.export')
                AND (staff_user_id = ANY($5::int[])
                     OR account_id = $4
                     OR account_id = (SELECT account_id FROM dispute WHERE id = $1)
                     OR (target_type = 'dispute' AND target_id = $1::int::text)
                     OR (target_type = 'adjustment_request' AND target_id = $2::int::text)
                     OR (target_type = 'webhook_event' AND target_id = $3::int::text)))::int AS actions,
            (SELECT status::text FROM dispute WHERE id = $1) AS dispute,
            (SELECT assigned_to_id FROM dispute WHERE id = $1) AS assigned,
            (SELECT status::text FROM adjustment_request WHERE id = $2) AS request,
            (SELECT review::text FROM webhook_event WHERE id = $3) AS review,
            (SELECT bill_access_code_hash FROM account WHERE id = $4) AS code,
            (SELECT count(*) FROM ledger_entry WHERE account_id = $4)::int AS ledger,
            (SELECT count(*) FROM dispute_message WHERE dispute_id = $1)::int AS messages,
            (SELECT status::text FROM payment_plan WHERE id = $6) AS plan,
            (SELECT count(*) FROM audit_log WHERE target_type = 'payment_plan'
                                              AND target_id = $6::int::text)::int AS plan_audit,
            (SELECT count(*) FROM tariff WHERE effective_from = '2031-01-01' OR id = 1)::int AS tariffs,
            (SELECT count(*) FROM billing_period WHERE close_requested_at IS NOT NULL)::int AS closes,
            (SELECT revoked_at IS NULL FROM dialer_api_key WHERE id = $7) AS key_live,
            (SELECT row(secret_sealed, disabled_at, next_attempt_at)::text
               FROM dialer_push_endpoint WHERE id = $8) AS endpoint`,
    [disputeId, requestId, eventId, accountId, staffIds, planId, keyId, endpointId],
  );
  return row;
}

test('actions: 403 and nothing changed without the role; past the role check with it', async ({
  baseURL,
}) => {
  const headers = { origin: baseURL as string };
  for (const [action, least] of Object.entries(ACTION_ROLES)) {
    if (action === 'sign-out' || action === 'sign-out-everywhere') continue; // below, last
    for (const who of WHO) {
      const where = `${who} POST ${action}`;
      const before = await state();
      if (!allowed(who, least)) {
        const response = await request(who).post(`/staff/act/${action}`, {
          form: { ...valid(action), back: '/staff' },
          headers,
          maxRedirects: 0,
        });
        expect(response.status(), where).toBe(403);
        expect(await state(), where).toEqual(before);
      } else if (!action.startsWith('totp.')) {
        const response = await request(who).post(`/staff/act/${action}`, {
          form: { ...incomplete(action), back: '/staff' },
          headers,
          maxRedirects: 0,
        });
        expect(response.status(), where).toBe(303);
        expect(response.headers().location, where).toContain('error=');
        expect(await state(), where).toEqual(before);
      }
    }
  }
  // An unknown action, a foreign origin, JSON instead of a form: refused before anything else.
  expect(
    (
      await request('ADMIN').post('/staff/act/nope', { form: {}, headers, maxRedirects: 0 })
    ).status(),
  ).toBe(404);
  const foreign = await request('ADMIN').post('/staff/act/dispute.assign', {
    form: valid('dispute.assign'),
    headers: { origin: 'https://evil.example' },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  const json = await request('ADMIN').post('/staff/act/dispute.assign', {
    data: valid('dispute.assign'),
    headers,
    maxRedirects: 0,
  });
  expect(json.status()).toBe(400);
});

test('sign-out: refused without a staff session; ends the session with one', async ({
  baseURL,
}) => {
  const headers = { origin: baseURL as string };
  for (const who of ['anonymous', 'resident'] as const) {
    expect(
      (
        await request(who).post('/staff/act/sign-out', { form: {}, headers, maxRedirects: 0 })
      ).status(),
    ).toBe(403);
  }
  const out = await request('SUPPORT').post('/staff/act/sign-out', {
    form: { back: '/staff' },
    headers,
    maxRedirects: 0,
  });
  expect(out.status()).toBe(303);
  const after = await request('SUPPORT').get('/staff', { maxRedirects: 0 });
  expect(after.status()).toBe(307);
});
