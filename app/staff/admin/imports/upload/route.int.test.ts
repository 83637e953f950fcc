/**
 * The registry upload route on the real PostgreSQL server: the console's same-origin form guard
 * with the import's size limit (413 with a message, from the declared length or while reading a
 * body whose length lies), ADMIN only (403), a good file on to its page with the job queued, and
 * a file without the columns back to the form; every refusal writes nothing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '@/lib/domain/staff/staff-actor';
import { staffSessionCookie } from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import { createStaffUser } from '@/test/staff-factories';
import { POST } from './route';

// Read when the first request is handled: a small limit keeps the oversize bodies small.
process.env.IMPORT_MAX_BYTES = '4096';
const URL_ = 'http://localhost/staff/admin/imports/upload';
const prisma = getPrisma();
afterAll(() => prisma.$disconnect());

async function cookieFor(role: StaffRole): Promise<string> {
  const staff = await createStaffUser(prisma, role);
  const id = randomBytes(16).toString('hex');
  await prisma.staffSession.create({
    data: { id, staffUserId: staff.staffUserId, lastSeenAt: new Date() },
  });
  const cookie = await staffSessionCookie(id);
  return `${cookie.name}=${cookie.value}`;
}

/** A multipart form with `file`, posted like a browser would from the console. */
async function upload(content: string, options: { cookie?: string; declaredLength?: number } = {}) {
  const form = new FormData();
  form.set('file', new File([content], 'registry.csv', { type: 'text/csv' }));
  const draft = new Request(URL_, { method: 'POST', body: form });
  const body = new Uint8Array(await draft.arrayBuffer());
  const headers = new Headers({
    host: 'localhost',
    origin: 'http://localhost',
    'content-type': draft.headers.get('content-type') ?? '',
    'content-length': String(options.declaredLength ?? body.byteLength),
  });
  if (options.cookie) headers.set('cookie', options.cookie);
  return POST(new Request(URL_, { method: 'POST', body, headers }));
}

const imports = () => prisma.paymentImport.count();
const header = 'рахунок;сума;дата;референс';

describe('POST /staff/admin/imports/upload', () => {
  it('refuses anyone but an admin (403), writing nothing', async () => {
    const before = await imports();
    const good = `${header}\r\n1111111116;10,00;2026-11-02;R-${randomBytes(4).toString('hex')}\r\n`;
    expect((await upload(good)).status).toBe(403);
    expect((await upload(good, { cookie: await cookieFor('SUPERVISOR') })).status).toBe(403);
    expect(await imports()).toBe(before);
  });

  it('refuses a body over the limit with 413 and a message, whatever Content-Length says', async () => {
    const cookie = await cookieFor('ADMIN');
    const before = await imports();
    const big = `${header}\r\n${'1111111116;10,00;2026-11-02;R\r\n'.repeat(3000)}`;
    const declared = await upload(big, { cookie });
    expect(declared.status).toBe(413);
    expect(await declared.text()).toMatch(/^Файл завеликий: реєстр може мати не більше 4 КіБ/);
    const lying = await upload(big, { cookie, declaredLength: 1000 });
    expect(lying.status).toBe(413);
    expect(await imports()).toBe(before);
  });

  it('stores a good file and queues its job; a file without the columns goes back to the form', async () => {
    const cookie = await cookieFor('ADMIN');
    const before = await imports();
    const refused = await upload('сума;дата\r\n10,00;2026-11-02\r\n', { cookie });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toMatch(
      /^\/staff\/admin\/imports\?error=INVALID_INPUT&detail=/,
    );
    expect(await imports()).toBe(before);

    const good = `${header}\r\n1111111116;10,00;2026-11-02;R-${randomBytes(4).toString('hex')}\r\n`;
    const response = await upload(good, { cookie });
    expect(response.status).toBe(303);
    const id = Number(
      /^\/staff\/admin\/imports\/(\d+)\?notice=queued$/.exec(
        response.headers.get('location') ?? '',
      )?.[1],
    );
    const stored = await prisma.paymentImport.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ fileName: 'registry.csv', rowsTotal: 1, status: 'QUEUED' });
  });
});
