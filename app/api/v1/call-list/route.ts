import { csvCell } from '@/lib/csv-cell';
import { authenticateDialer } from '@/lib/domain/dialer/authenticate-dialer';
import { type CallListRow, openCallListSnapshot } from '@/lib/domain/dialer/call-list-feed';
import { getPrisma } from '@/lib/server/db';
import { appErrorResponse, NO_STORE } from '@/lib/server/http';
import { getPgPool } from '@/lib/server/pg-pool';

export const dynamic = 'force-dynamic';

const CSV_HEADER = 'accountNumber,phone,overdue,overdueMonths,since\n';
const csvLine = (row: CallListRow) =>
  `${[row.accountNumber, row.phone, row.overdue, row.overdueMonths, row.since].map(csvCell).join(',')}\n`;

/**
 * The dialer's call list: JSON `{ cursor, entries }` or, with `Accept: text/csv`, CSV (cursor
 * in the X-Call-List-Cursor header). Streamed batch by batch, pulled only as fast as the
 * client reads.
 */
export async function GET(request: Request) {
  try {
    await authenticateDialer(getPrisma(), { authorization: request.headers.get('authorization') });
  } catch (error) {
    return appErrorResponse(error);
  }
  const csv = (request.headers.get('accept') ?? '').includes('text/csv');
  const snapshot = await openCallListSnapshot(getPgPool());
  // The client may go away at any moment, before the first byte as well as mid-stream: the
  // snapshot's connection goes back to the pool then (cancel() does not run for a body that
  // was never read).
  request.signal.addEventListener('abort', () => void snapshot.close(), { once: true });
  const encoder = new TextEncoder();
  let first = true;
  let opened = false;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        await produce(controller);
      } catch (error) {
        await snapshot.close();
        controller.error(error);
      }
    },
    async cancel() {
      await snapshot.close();
    },
  });

  async function produce(controller: ReadableStreamDefaultController<Uint8Array>) {
    if (!opened) {
      opened = true;
      controller.enqueue(
        encoder.encode(csv ? CSV_HEADER : `{"cursor":"${snapshot.cursor}","entries":[`),
      );
      return;
    }
    const next = await snapshot.rows.next();
    if (next.done) {
      if (!csv) controller.enqueue(encoder.encode(']}'));
      controller.close();
      return;
    }
    if (next.value.length === 0) return;
    const text = csv
      ? next.value.map(csvLine).join('')
      : `${first ? '' : ','}${next.value.map((row) => JSON.stringify(row)).join(',')}`;
    first = false;
    controller.enqueue(encoder.encode(text));
  }

  return new Response(stream, {
    headers: {
      ...NO_STORE,
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'X-Call-List-Cursor': snapshot.cursor,
    },
  });
}
