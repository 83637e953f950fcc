import { residentPage } from '@/app/_lib/resident-page';
import { DisputeForm, DisputeFormError } from '@/components/resident/dispute-form';
import { SiteHeader } from '@/components/site-header';
import { getResidentDisputes } from '@/lib/domain/disputes/get-resident-disputes';
import {
  DISPUTE_CATEGORIES,
  isDisputeCategory,
  MIN_DISPUTE_DESCRIPTION,
} from '@/lib/domain/disputes/open-dispute';
import { MAX_DISPUTE_TEXT } from '@/lib/domain/staff/staff-policy';
import { formatDate } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getStaffPolicy } from '@/lib/server/env';
import { openDisputeAction } from './actions';
import { disputeError } from './dispute-errors';

export const dynamic = 'force-dynamic';

const PATH = '/account/disputes';

type Search = Promise<{
  error?: string;
  category?: string;
  month?: string;
  payment?: string;
  text?: string;
}>;

/**
 * The signed-in resident's disputes with their status, and the form to open one (DESIGN rule
 * 7). While a dispute is unresolved the form gives way to a link to it: one at a time.
 * The query only refills a refused form; it never selects an account or a dispute.
 */
export default async function DisputesPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const { session, locale, m } = await residentPage(PATH);
  const { disputes, unresolvedId, choices } = await getResidentDisputes(getPrisma(), {
    accountId: session.accountId,
  });
  const error = disputeError(m, search.error);
  const t = m.disputes;
  // Refill only with values the form itself offers.
  const defaults = {
    category: isDisputeCategory(search.category) ? search.category : undefined,
    month: choices.months.find((month) => month === search.month),
    payment: choices.payments.find((payment) => String(payment.id) === search.payment)
      ? search.payment
      : undefined,
    description: (search.text ?? '').slice(0, MAX_DISPUTE_TEXT * 4),
  };

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p>
          <a href="/account" className="inline-flex min-h-11 items-center text-brand-800 underline">
            {t.back}
          </a>
        </p>
        <h1 className="mt-2 text-2xl font-bold">{t.title}</h1>

        <section aria-labelledby="disputes-list-title" className="mt-6">
          <h2 id="disputes-list-title" className="text-xl font-bold">
            {t.listTitle}
          </h2>
          {disputes.length === 0 ? (
            <p className="mt-2">{t.none}</p>
          ) : (
            <ul
              className="mt-2 divide-y divide-slate-200 rounded border border-slate-200 bg-white"
              data-testid="dispute-list"
            >
              {disputes.map((dispute) => (
                <li key={dispute.id}>
                  <a
                    href={`/account/disputes/${dispute.id}`}
                    className="flex min-h-12 flex-col justify-center px-4 py-3 text-brand-800"
                  >
                    <span className="font-semibold underline">
                      {interpolate(t.listLine, {
                        category: m.overview.disputeCategory[dispute.category],
                        date: formatDate(dispute.createdAt, locale),
                      })}
                    </span>
                    <span className="text-sm text-slate-700">
                      {dispute.outcome
                        ? `${t.status.RESOLVED}: ${t.outcome[dispute.outcome]}`
                        : t.status[dispute.status]}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>

        {unresolvedId !== null ? (
          <section aria-labelledby="dispute-form-title" className="mt-8">
            <h2 id="dispute-form-title" className="text-xl font-bold">
              {t.formTitle}
            </h2>
            <div className="mt-2 flex flex-col gap-3">
              <DisputeFormError text={error?.text ?? null} />
              <p>{t.unresolvedExists}</p>
              <a
                href={`/account/disputes/${unresolvedId}`}
                className="inline-flex min-h-12 w-full items-center justify-center rounded border border-brand-700 bg-white px-4 font-semibold text-brand-800 no-underline hover:bg-slate-100 sm:w-auto"
              >
                {t.goToUnresolved}
              </a>
            </div>
          </section>
        ) : (
          <DisputeForm
            action={openDisputeAction}
            categories={DISPUTE_CATEGORIES}
            choices={choices}
            defaults={defaults}
            error={error?.text ?? null}
            invalid={error?.field ?? null}
            minLength={MIN_DISPUTE_DESCRIPTION}
            maxLength={MAX_DISPUTE_TEXT}
            dueWorkingDays={getStaffPolicy().disputeDueWorkingDays}
            locale={locale}
            messages={m}
          />
        )}
      </main>
    </>
  );
}
