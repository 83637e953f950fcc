import { residentPage } from '@/app/_lib/resident-page';
import { smsReminderHours } from '@/app/_lib/sms-hours';
import { AccountSwitcher } from '@/app/account/switch/account-switcher';
import { ArrearsSummary } from '@/components/resident/arrears-summary';
import { CallListStatus } from '@/components/resident/call-list-status';
import { PlanStatus } from '@/components/resident/payment-plan';
import { formatArea } from '@/components/resident/resident-format';
import { SmsChoice } from '@/components/resident/sms-choice';
import { SiteHeader } from '@/components/site-header';
import { addMonths, kyivMonthOf } from '@/lib/dates';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { listPaymentPlans } from '@/lib/domain/plans/payment-plan-state';
import { getAccountOverview } from '@/lib/domain/statements/get-account-overview';
import { formatDate, formatMonth, formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPaymentPlanPolicy } from '@/lib/server/env';
import { optOutOfSmsAction } from './sms/actions';

export const dynamic = 'force-dynamic';

const PATH = '/account';

/**
 * The signed-in resident's overview. The account is always the session's current one (DESIGN
 * rule 6); another account is reached only through the switcher, which accepts only accounts
 * this session has proved.
 */
/** How long the overview still tells what became of a plan that ended. */
const PLAN_NEWS_DAYS = 60;

export default async function AccountPage() {
  const { session, locale, m } = await residentPage(PATH);
  const rules = getBillingRules();
  const smsHours = smsReminderHours();
  const overview = await getAccountOverview(getPrisma(), { accountId: session.accountId, rules });
  const lastBillMonth = addMonths(kyivMonthOf(new Date()), -1);
  const planPolicy = getPaymentPlanPolicy();
  const [latestPlan] = await listPaymentPlans(getPrisma(), {
    accountId: session.accountId,
    rules,
    take: 1,
  });
  const livePlan = latestPlan && latestPlan.endedAt === null ? latestPlan : null;
  // A plan that ended is still told for a while (why it broke, staff's reason), then not.
  const shownPlan =
    livePlan ??
    (latestPlan?.endedAt && Date.now() - latestPlan.endedAt.getTime() < PLAN_NEWS_DAYS * 86_400_000
      ? latestPlan
      : null);
  const { street, houseNumber, apartment } = overview.address;

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-2xl font-bold">
          {m.overview.title}
          <span className="block font-mono text-base font-normal text-slate-700">
            {m.common.accountNumber} {formatAccountNumber(overview.accountNumber)}
          </span>
        </h1>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-600">{m.common.holder}</dt>
          <dd>{overview.holderName}</dd>
          <dt className="text-slate-600">{m.common.address}</dt>
          <dd>
            {interpolate(m.bill.apartmentAddress, {
              street,
              house: houseNumber,
              apartment,
            })}
          </dd>
          <dt className="text-slate-600">{m.overview.area}</dt>
          <dd>
            {formatArea(overview.areaCentiSqm, locale)} {m.statement.sqm}
          </dd>
        </dl>

        <ArrearsSummary
          arrears={overview.arrears}
          accountNumber={overview.accountNumber}
          locale={locale}
          messages={m}
        />
        <CallListStatus
          overview={overview}
          minOverdueKopecks={rules.callListMinOverdueKopecks}
          smsHours={smsHours}
          locale={locale}
          messages={m}
        />

        <section aria-labelledby="plan-title" className="mt-8">
          <h2 id="plan-title" className="text-xl font-bold">
            {m.plan.title}
          </h2>
          {shownPlan ? (
            <div className="mt-2">
              <PlanStatus
                plan={shownPlan}
                accountNumber={overview.accountNumber}
                graceDays={rules.paymentPlanGraceDays}
                minOverdueMonths={rules.callListMinOverdueMonths}
                locale={locale}
                messages={m}
              />
            </div>
          ) : null}
          {!livePlan && overview.arrears.overdue > 0 ? (
            <p className="mt-2">
              {interpolate(m.plan.offerText, {
                amount: formatUah(overview.arrears.overdue, locale),
                min: planPolicy.minInstalments,
                max: planPolicy.maxInstalments,
              })}
            </p>
          ) : null}
          {shownPlan || overview.arrears.overdue > 0 ? (
            <a
              href="/account/plan"
              className="mt-2 inline-flex min-h-12 items-center font-semibold text-brand-800 underline"
            >
              {livePlan ? m.plan.open : m.plan.offerLink}
            </a>
          ) : (
            <p className="mt-2">{m.plan.errors.NOTHING_OVERDUE}</p>
          )}
        </section>

        <section aria-labelledby="contact-title" className="mt-8">
          <h2 id="contact-title" className="text-xl font-bold">
            {m.overview.contactTitle}
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-600">{m.overview.contactPreference}</dt>
            <dd>{m.overview.contact[overview.contactPreference]}</dd>
            <dt className="text-slate-600">{m.overview.phones}</dt>
            <dd>
              {overview.phones.length === 0 ? (
                m.overview.noPhones
              ) : (
                <ul>
                  {overview.phones.map((phone) => (
                    <li key={phone} className="font-mono">
                      {phone}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </section>

        <SmsChoice
          overview={overview}
          optOutAction={optOutOfSmsAction}
          smsHours={smsHours}
          messages={m}
        />

        <section aria-labelledby="disputes-title" className="mt-8">
          <h2 id="disputes-title" className="text-xl font-bold">
            {m.overview.disputesTitle}
          </h2>
          {overview.openDisputes.length === 0 ? (
            <p className="mt-2">{m.overview.noDisputes}</p>
          ) : (
            <ul className="mt-2 list-disc pl-6">
              {overview.openDisputes.map((dispute) => (
                <li key={dispute.id}>
                  <a
                    href={`/account/disputes/${dispute.id}`}
                    className="inline-flex min-h-11 items-center text-brand-800 underline"
                  >
                    {interpolate(m.overview.disputeLine, {
                      category: m.overview.disputeCategory[dispute.category],
                      status: m.overview.disputeStatus[dispute.status],
                      date: formatDate(dispute.createdAt, locale),
                    })}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-2">
            <a
              href="/account/disputes"
              className="inline-flex min-h-11 items-center font-semibold text-brand-800 underline"
            >
              {overview.openDisputes.length === 0
                ? m.disputes.overviewOpen
                : m.disputes.allDisputes}
            </a>
          </p>
        </section>

        <section aria-labelledby="documents-title" className="mt-8">
          <h2 id="documents-title" className="text-xl font-bold">
            {m.overview.documentsTitle}
          </h2>
          <ul className="mt-2 flex flex-col gap-1">
            <li>
              <a
                href="/account/statement"
                className="inline-flex min-h-11 items-center text-brand-800 underline"
              >
                {m.overview.statementLink}
              </a>
            </li>
            <li>
              <a
                href={`/account/bill/${lastBillMonth}`}
                className="inline-flex min-h-11 items-center text-brand-800 underline"
              >
                {interpolate(m.overview.billLink, { month: formatMonth(lastBillMonth, locale) })}
              </a>
            </li>
          </ul>
        </section>

        <section aria-labelledby="accounts-title" className="mt-8">
          <h2 id="accounts-title" className="text-xl font-bold">
            {m.auth.accountSwitcher}
          </h2>
          <div className="mt-2">
            <AccountSwitcher session={session} messages={m} back={PATH} />
          </div>
        </section>
      </main>
    </>
  );
}
