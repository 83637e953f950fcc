import { notFound } from 'next/navigation';
import { residentPage } from '@/app/_lib/resident-page';
import { DisputeOutcome } from '@/components/resident/dispute-outcome';
import { DisputeReplyForm, DisputeThread } from '@/components/resident/dispute-thread';
import { SiteHeader } from '@/components/site-header';
import { isAppError } from '@/lib/domain/app-error';
import {
  getResidentDispute,
  type ResidentDispute,
} from '@/lib/domain/disputes/get-resident-disputes';
import { MAX_DISPUTE_TEXT } from '@/lib/domain/staff/staff-policy';
import { formatDate, formatMonth, formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules } from '@/lib/server/env';
import { replyToDisputeAction } from '../actions';
import { disputeError } from '../dispute-errors';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;
type Search = Promise<{
  opened?: string;
  removed?: string;
  sent?: string;
  error?: string;
  text?: string;
}>;

/**
 * One of the signed-in resident's disputes: status, due date, the thread, the decision once
 * made, and a reply form while it is unresolved. Another account's dispute is a 404, exactly
 * like an id that does not exist (DESIGN rule 6). The query only selects wording (the
 * confirmation after opening, a refused reply); the dispute itself comes from the database.
 */
export default async function DisputePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const { id } = await params;
  if (!/^[0-9]{1,9}$/.test(id)) notFound();
  const search = await searchParams;
  const path = `/account/disputes/${id}`;
  const { session, locale, m } = await residentPage(path);
  let dispute: ResidentDispute;
  try {
    dispute = await getResidentDispute(getPrisma(), {
      accountId: session.accountId,
      disputeId: Number(id),
    });
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) notFound();
    throw error;
  }
  const t = m.disputes;
  const error = disputeError(m, search.error);
  const unresolved = dispute.status !== 'RESOLVED';

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={path} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p className="flex flex-wrap gap-x-6">
          <a href="/account" className="inline-flex min-h-11 items-center text-brand-800 underline">
            {t.back}
          </a>
          <a
            href="/account/disputes"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {t.allDisputes}
          </a>
        </p>
        <h1 className="mt-2 text-2xl font-bold">
          {interpolate(t.detailTitle, { date: formatDate(dispute.createdAt, locale) })}
        </h1>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-600">{t.statusLabel}</dt>
          <dd data-testid="dispute-status">
            {dispute.outcome
              ? `${t.status.RESOLVED}: ${t.outcome[dispute.outcome]}`
              : t.status[dispute.status]}
          </dd>
          <dt className="text-slate-600">{t.categoryLabel}</dt>
          <dd>{m.overview.disputeCategory[dispute.category]}</dd>
          {dispute.periodMonth && (
            <>
              <dt className="text-slate-600">{t.monthField}</dt>
              <dd>{formatMonth(dispute.periodMonth, locale)}</dd>
            </>
          )}
          {dispute.payment && (
            <>
              <dt className="text-slate-600">{t.paymentField}</dt>
              <dd className="wrap-anywhere">
                {interpolate(t.paymentOption, {
                  date: formatDate(dispute.payment.paidAt, locale),
                  amount: formatUah(dispute.payment.amountKopecks, locale),
                  receipt: dispute.payment.receiptNumber,
                })}
              </dd>
            </>
          )}
          <dt className="text-slate-600">{t.openedLabel}</dt>
          <dd>{formatDate(dispute.createdAt, locale)}</dd>
          {unresolved && dispute.dueOn && (
            <>
              <dt className="text-slate-600">{t.dueLabel}</dt>
              <dd>{formatDate(new Date(`${dispute.dueOn}T12:00:00Z`), locale)}</dd>
            </>
          )}
        </dl>

        <DisputeOutcome
          dispute={dispute}
          justOpened={search.opened === '1'}
          removedFromCallList={search.removed === '1'}
          minOverdueMonths={getBillingRules().callListMinOverdueMonths}
          locale={locale}
          messages={m}
        />

        <DisputeThread dispute={dispute} locale={locale} messages={m} />

        {unresolved ? (
          <div className="mt-6" id="reply">
            {search.sent === '1' && !error && (
              <p className="mt-2 rounded border border-green-300 bg-green-50 p-3" role="status">
                {t.replySent}
              </p>
            )}
            <DisputeReplyForm
              action={replyToDisputeAction}
              disputeId={dispute.id}
              error={error?.text ?? null}
              draft={error ? (search.text ?? '').slice(0, MAX_DISPUTE_TEXT * 4) : ''}
              maxLength={MAX_DISPUTE_TEXT}
              messages={m}
            />
          </div>
        ) : (
          error && (
            <p className="mt-6 rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800">
              {error.text}
            </p>
          )
        )}
      </main>
    </>
  );
}
