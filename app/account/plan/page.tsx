import Link from 'next/link';
import { callListOutcomeOptions } from '@/app/_lib/call-list-outcome-options';
import { residentPage } from '@/app/_lib/resident-page';
import { CallListOutcome } from '@/components/resident/call-list-outcome';
import { PlanSchedule, PlanStatus, planTerms } from '@/components/resident/payment-plan';
import { SiteHeader } from '@/components/site-header';
import { kyivDay } from '@/lib/dates';
import { getCallListStanding } from '@/lib/domain/call-list/get-call-list-standing';
import { listPaymentPlans } from '@/lib/domain/plans/payment-plan-state';
import { planSchedule } from '@/lib/domain/plans/plan-schedule';
import { getPlanOffer } from '@/lib/domain/plans/request-payment-plan';
import { formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPaymentPlanPolicy } from '@/lib/server/env';
import { requestPlanAction } from './actions';

export const dynamic = 'force-dynamic';

const PATH = '/account/plan';

type Search = Promise<{ n?: string; error?: string; done?: string }>;

/**
 * The payment plan of the signed-in account (issue 11): with a live plan, its standing, its
 * schedule and what it means for the calls; without, the offer: choose 3–12 months (links, no
 * JavaScript), see every instalment and the terms, and agree with one button. Within the
 * limits the plan starts at once; otherwise it waits for support, and the page says why.
 */
export default async function PlanPage({ searchParams }: { searchParams: Search }) {
  const { n, error, done } = await searchParams;
  const { session, locale, m } = await residentPage(PATH);
  const prisma = getPrisma();
  const rules = getBillingRules();
  const policy = getPaymentPlanPolicy();
  const now = new Date();
  const today = kyivDay(now);
  const plans = await listPaymentPlans(prisma, { accountId: session.accountId, rules, take: 3 });
  const live = plans.find((plan) => plan.endedAt === null) ?? null;
  const latest = plans[0] ?? null;
  const accountNumber = session.accountNumber;
  const errorText =
    error && error in m.plan.errors
      ? interpolate(m.plan.errors[error as keyof typeof m.plan.errors], {
          min: policy.minInstalments,
          max: policy.maxInstalments,
        })
      : null;
  const terms = (total: number) =>
    planTerms({
      totalKopecks: total,
      graceDays: rules.paymentPlanGraceDays,
      minOverdueMonths: rules.callListMinOverdueMonths,
      locale,
      messages: m,
    });
  let body: React.ReactNode;
  if (live) {
    const standing = await getCallListStanding(prisma, {
      accountId: session.accountId,
      since: new Date(live.requestedAt.getTime() - 60_000),
      rules,
    });
    body = (
      <>
        {done && live.status === 'ACTIVE' && (
          <p className="mt-4 font-semibold text-green-800" role="status">
            {m.plan.status.ACTIVE}
          </p>
        )}
        <div className="mt-4">
          <PlanStatus
            plan={live}
            accountNumber={accountNumber}
            graceDays={rules.paymentPlanGraceDays}
            minOverdueMonths={rules.callListMinOverdueMonths}
            locale={locale}
            messages={m}
          />
        </div>
        <CallListOutcome
          standing={standing}
          accountNumber={accountNumber}
          {...callListOutcomeOptions(rules)}
          locale={locale}
          messages={m}
        />
        <div className="mt-6 overflow-x-auto">
          <PlanSchedule
            instalments={live.instalments}
            paidKopecks={live.status === 'ACTIVE' ? live.paidKopecks : null}
            today={today}
            locale={locale}
            messages={m}
            caption={m.plan.schedule}
          />
        </div>
        <h2 className="mt-6 text-lg font-bold">{m.plan.terms}</h2>
        <ul className="mt-1 list-disc pl-6">
          {terms(live.totalKopecks).map((term) => (
            <li key={term}>{term}</li>
          ))}
        </ul>
        <p className="mt-4">
          <Link
            href={`${PATH}/agreement`}
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.plan.agreement}
          </Link>
        </p>
      </>
    );
  } else {
    const offer = await getPlanOffer(prisma, {
      accountId: session.accountId,
      rules,
      policy,
      now,
    });
    const counts = Array.from(
      { length: policy.maxInstalments - policy.minInstalments + 1 },
      (_, i) => policy.minInstalments + i,
    );
    const wanted = Number(n);
    const chosen = counts.includes(wanted) ? wanted : Math.min(6, policy.maxInstalments);
    const latestStatus = latest && (
      <div className="mt-4">
        <PlanStatus
          plan={latest}
          accountNumber={accountNumber}
          graceDays={rules.paymentPlanGraceDays}
          minOverdueMonths={rules.callListMinOverdueMonths}
          locale={locale}
          messages={m}
        />
      </div>
    );
    if (!offer.offerable) {
      body = (
        <>
          {latestStatus}
          <p className="mt-4">{m.plan.errors.NOTHING_OVERDUE}</p>
        </>
      );
    } else {
      const schedule = planSchedule(offer.overdueKopecks, chosen, today);
      const reason = offer.reviewReasonFor(chosen);
      body = (
        <>
          {latestStatus}
          <p className="mt-4">
            {interpolate(m.plan.offerText, {
              amount: formatUah(offer.overdueKopecks, locale),
              min: policy.minInstalments,
              max: policy.maxInstalments,
            })}
          </p>
          <p id="plan-choices" className="mt-4 font-medium">
            {m.plan.choose}
          </p>
          <ul aria-labelledby="plan-choices" className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
            {counts.map((count) => (
              <li key={count}>
                <a
                  href={`${PATH}?n=${count}`}
                  aria-current={count === chosen ? 'true' : undefined}
                  className="flex min-h-12 items-center justify-center rounded border border-brand-700 px-2 text-center text-sm text-brand-800 no-underline aria-[current=true]:bg-brand-700 aria-[current=true]:font-semibold aria-[current=true]:text-white"
                >
                  {interpolate(m.plan.option, {
                    n: count,
                    amount: formatUah(
                      planSchedule(offer.overdueKopecks, count, today)[0]?.amountKopecks ?? 0,
                      locale,
                    ),
                  })}
                </a>
              </li>
            ))}
          </ul>
          <div className="mt-6 overflow-x-auto">
            <PlanSchedule
              instalments={schedule}
              paidKopecks={null}
              today={today}
              locale={locale}
              messages={m}
              caption={m.plan.schedule}
            />
          </div>
          <h2 className="mt-6 text-lg font-bold">{m.plan.terms}</h2>
          <ul className="mt-1 list-disc pl-6">
            {terms(offer.overdueKopecks).map((term) => (
              <li key={term}>{term}</li>
            ))}
          </ul>
          {reason && (
            <p className="mt-4 rounded border border-amber-300 bg-amber-50 p-3">
              {interpolate(m.plan.review[reason], {
                max: formatUah(policy.autoMaxKopecks, locale),
                months: policy.brokenCooldownMonths,
              })}
            </p>
          )}
          <form action={requestPlanAction} className="mt-6">
            <input type="hidden" name="instalments" value={chosen} />
            <button
              type="submit"
              className="min-h-12 w-full rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800 sm:w-auto"
            >
              {reason ? m.plan.agreeReview : m.plan.agree}
            </button>
          </form>
        </>
      );
    }
  }

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">{m.plan.title}</h1>
        {errorText && (
          <p
            className="mt-4 rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800"
            role="alert"
          >
            {errorText}
          </p>
        )}
        {body}
        <p className="mt-6">
          <Link
            href="/account"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.common.back}
          </Link>
        </p>
      </main>
    </>
  );
}
