/**
 * For tests of the dialer push (docs/dialer-push.md): a real HTTP receiver that verifies every
 * signature the way a dialer must, and call-list events written straight into the changes feed.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lockCallListFeed } from '../lib/domain/call-list/call-list-locks';
import type { CallListChange } from '../lib/domain/dialer/call-list-feed';
import { PUSH_SIGNATURE_HEADER, verifyPushSignature } from '../lib/domain/dialer/push-signature';
import type { PrismaClient } from '../lib/server/db';
import { uniqueAccountNumber, uniquePhone } from './factories';

/** What the receiver does with the next request: accept (204), fail (500), or never answer. */
export type Behaviour = 'ok' | '500' | 'hang';

export type Received = {
  header: string;
  raw: string;
  verified: boolean;
  /** The status answered (null: never answered). 400 when the signature did not verify. */
  answered: number | null;
  body: { after: string; cursor: string; changes: CallListChange[] };
};

/** One path on the receiver: its secret, what to do next, and what came. */
export type Mailbox = { secret: string; script: Behaviour[]; received: Received[] };

export type PushReceiver = {
  /** `http://127.0.0.1:<port>` */
  base: string;
  open: (path: string, secret: string) => Mailbox;
  close: () => Promise<void>;
};

function readRaw(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A dialer on 127.0.0.1 (a random port), one mailbox per path. */
export async function startPushReceiver(): Promise<PushReceiver> {
  const mailboxes = new Map<string, Mailbox>();
  const server = createServer(async (request, response) => {
    const mailbox = mailboxes.get(request.url ?? '');
    const raw = await readRaw(request);
    if (!mailbox || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    const header = String(request.headers[PUSH_SIGNATURE_HEADER.toLowerCase()] ?? '');
    // Verify over the raw bytes, before parsing anything.
    const check = verifyPushSignature({ secret: mailbox.secret, body: raw, header });
    const behaviour = mailbox.script.shift() ?? 'ok';
    const entry: Received = {
      header,
      raw,
      verified: check.ok,
      answered: null,
      body: JSON.parse(raw),
    };
    mailbox.received.push(entry);
    if (behaviour === 'hang') return; // never answers: the sender's timeout ends it
    entry.answered = !check.ok ? 400 : behaviour === '500' ? 500 : 204;
    response
      .writeHead(entry.answered, { 'content-type': 'text/plain' })
      .end(check.ok ? (behaviour === '500' ? 'database is down' : '') : 'bad signature');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: (path, secret) => {
      const mailbox: Mailbox = { secret, script: [], received: [] };
      mailboxes.set(path, mailbox);
      return mailbox;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * An account put on the call list: one ADDED event in the changes feed, written the way the
 * call-list writers write it (under the feed lock, so ids follow commit order). The push reads
 * the feed whoever wrote it; rule 3's writers have their own tests. Returns the account number.
 */
export async function addCallListEvent(prisma: PrismaClient): Promise<string> {
  const tag = randomBytes(6).toString('hex');
  const district = await prisma.district.create({ data: { name: `Push district ${tag}` } });
  const category = await prisma.tariffCategory.create({
    data: { code: `P_${tag}`, nameUk: 'тест', nameRu: 'тест', nameEn: 'test', hasLift: false },
  });
  const building = await prisma.building.create({
    data: {
      districtId: district.id,
      categoryId: category.id,
      street: `вул. Пушева ${tag}`,
      houseNumber: '1',
      floors: 5,
    },
  });
  const account = await prisma.account.create({
    data: {
      number: uniqueAccountNumber(),
      buildingId: building.id,
      apartment: '1',
      holderName: 'Тестенко Тест Тестович',
      areaCentiSqm: 10_000,
      openedOn: new Date('2020-01-01T00:00:00Z'),
      billAccessCodeHash: `test-${tag}`,
    },
  });
  await prisma.$transaction(async (tx) => {
    await lockCallListFeed(tx);
    const entry = await tx.callListEntry.create({
      data: {
        accountId: account.id,
        phoneE164: uniquePhone(),
        overdueKopecks: 200_000,
        overdueMonths: 4,
      },
    });
    await tx.callListEvent.create({
      data: { entryId: entry.id, accountId: account.id, action: 'ADDED', reason: 'OVERDUE' },
    });
  });
  return account.number;
}
