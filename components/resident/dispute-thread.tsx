import type { ResidentDispute } from '@/lib/domain/disputes/get-resident-disputes';
import { formatDateTime } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import { DISPUTE_ERROR_ID, DisputeFormError } from './dispute-form';

/**
 * Text a resident or a staff member typed, shown as typed: React escapes it (never
 * dangerouslySetInnerHTML), line breaks are kept, and a long unbroken word wraps instead of
 * widening a phone's screen.
 */
export function TypedText({ text, className = '' }: { text: string; className?: string }) {
  return <p className={`whitespace-pre-wrap wrap-anywhere ${className}`}>{text}</p>;
}

/** The resident's description, then the replies, oldest first. */
export function DisputeThread({
  dispute,
  locale,
  messages: m,
}: {
  dispute: ResidentDispute;
  locale: Locale;
  messages: Messages;
}) {
  const t = m.disputes;
  return (
    <>
      <section aria-labelledby="dispute-description-title" className="mt-6">
        <h2 id="dispute-description-title" className="text-xl font-bold">
          {t.descriptionTitle}
        </h2>
        <div className="mt-2 rounded border border-slate-200 bg-white p-3">
          <TypedText text={dispute.description} />
        </div>
      </section>
      <section aria-labelledby="dispute-thread-title" className="mt-6" id="thread">
        <h2 id="dispute-thread-title" className="text-xl font-bold">
          {t.threadTitle}
        </h2>
        {dispute.messages.length === 0 ? (
          <p className="mt-2">{t.noMessages}</p>
        ) : (
          <ol className="mt-2 flex flex-col gap-3" data-testid="dispute-thread">
            {dispute.messages.map((message) => (
              <li
                key={message.id}
                className={`rounded border p-3 ${
                  message.author === 'SUPPORT'
                    ? 'border-brand-700 bg-white'
                    : 'border-slate-200 bg-slate-50'
                }`}
              >
                <p className="text-sm text-slate-700">
                  <span className="font-semibold text-slate-900">
                    {message.author === 'SUPPORT' ? t.support : t.you}
                  </span>
                  {', '}
                  {formatDateTime(message.createdAt, locale)}
                </p>
                <TypedText text={message.body} className="mt-1" />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** The reply form of an unresolved dispute: a plain POST, no JavaScript needed. */
export function DisputeReplyForm({
  action,
  disputeId,
  error,
  draft,
  maxLength,
  messages: m,
}: {
  action: (formData: FormData) => Promise<void>;
  disputeId: number;
  error: string | null;
  draft: string;
  maxLength: number;
  messages: Messages;
}) {
  const t = m.disputes;
  const hintId = 'dispute-reply-hint';
  return (
    <form action={action} className="mt-4 flex flex-col gap-3" noValidate>
      <input type="hidden" name="disputeId" value={String(disputeId)} />
      <DisputeFormError text={error} />
      <div className="flex flex-col gap-1">
        <label htmlFor="dispute-reply" className="font-medium">
          {t.replyLabel}
        </label>
        <textarea
          id="dispute-reply"
          name="body"
          rows={4}
          required
          maxLength={maxLength}
          defaultValue={draft}
          aria-describedby={error ? `${hintId} ${DISPUTE_ERROR_ID}` : hintId}
          aria-invalid={error ? true : undefined}
          className="w-full rounded border border-slate-500 bg-white p-3 text-base"
        />
        <p id={hintId} className="text-sm text-slate-700">
          {interpolate(t.replyHint, { max: maxLength })}
        </p>
      </div>
      <button
        type="submit"
        className="min-h-12 w-full rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800 sm:w-auto"
      >
        {t.replySubmit}
      </button>
    </form>
  );
}
