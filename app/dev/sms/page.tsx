import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { listRecentSms } from '@/lib/domain/sms/list-recent-sms';
import { formatDateTime } from '@/lib/i18n/format';
import { getPrisma } from '@/lib/server/db';
import { isDevOutboxEnabled } from '@/lib/server/env';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'SMS outbox (development)', robots: { index: false } };

/** A message body with its links made clickable (pay links in reminders). */
function withLinks(body: string): ReactNode[] {
  return body.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
      <a key={i} href={part} className="break-all text-brand-800 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/**
 * The development outbox: with the `log` transport nothing leaves the machine, and this page
 * shows the last messages — sign-in and opt-in codes, reminders with their pay links — newest
 * first. 404 with a real transport, or in production unless APP_URL is a loopback address.
 */
export default async function DevSmsPage() {
  if (!isDevOutboxEnabled()) notFound();
  const messages = await listRecentSms(getPrisma(), { limit: 50 });
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-6" lang="en">
      <h1 className="text-2xl font-bold">SMS outbox (development)</h1>
      <p className="mt-2 text-slate-700">
        The <code>log</code> transport records messages here instead of sending them. Newest first;
        the last 50.
      </p>
      {messages.length === 0 ? (
        <p className="mt-4">No messages yet.</p>
      ) : (
        <ol className="mt-4 flex flex-col gap-3">
          {messages.map((message) => (
            <li
              key={message.id}
              className="rounded border border-slate-200 bg-white p-3"
              data-testid="dev-sms"
              data-to={message.phoneE164}
              data-kind={message.kind}
            >
              <p className="text-sm text-slate-700">
                {formatDateTime(message.createdAt, 'en')} (Kyiv) · to{' '}
                <span className="font-mono">{message.phoneE164}</span> · {message.kind} ·{' '}
                {message.status}
                {message.segments ? ` · ${message.segments} segment(s)` : ''}
              </p>
              <p className="mt-1 font-mono" data-testid="dev-sms-body">
                {withLinks(message.body)}
              </p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
