import Link from 'next/link';
import { notFound } from 'next/navigation';
import { residentPage } from '@/app/_lib/resident-page';
import { PrintButton } from '@/components/print-button';
import { PlanSchedule, planTerms } from '@/components/resident/payment-plan';
import { SiteHeader } from '@/components/site-header';
import { kyivDay } from '@/lib/dates';
import { listPaymentPlans } from '@/lib/domain/plans/payment-plan-state';
import { getAccountOverview } from '@/lib/domain/statements/get-account-overview';
import { formatDocumentDate, formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPayee } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

const PATH = '/account/plan/agreement';

/**
 * The plan agreement to print, in the reader's language: the parties (payee, consumer, account,
 * address), the debt, the schedule and the terms the resident agreed in the portal. The latest
 * plan of the signed-in account; none → 404.
 */
export default async function PlanAgreementPage() {
  const { session, locale, m } = await residentPage(PATH);
  const prisma = getPrisma();
  const rules = getBillingRules();
  const [plan] = await listPaymentPlans(prisma, { accountId: session.accountId, rules, take: 1 });
  if (!plan) notFound();
  const overview = await getAccountOverview(prisma, { accountId: session.accountId, rules });
  const payee = getPayee();
  const fields: [string, string][] = [
    [m.plan.doc.date, formatDocumentDate(plan.startedAt ?? plan.requestedAt)],
    [m.plan.doc.payee, `${payee.name}, ${m.receipt.edrpou} ${payee.edrpou}, IBAN ${payee.iban}`],
    [m.plan.doc.consumer, overview.holderName],
    [m.plan.doc.account, overview.accountNumber],
    [
      m.plan.doc.address,
      interpolate(m.bill.apartmentAddress, {
        street: overview.address.street,
        house: overview.address.houseNumber,
        apartment: overview.address.apartment,
      }),
    ],
    [m.plan.doc.debt, formatUah(plan.totalKopecks, locale)],
    [m.plan.doc.instalments, String(plan.instalmentCount)],
  ];
  const terms = planTerms({
    totalKopecks: plan.totalKopecks,
    graceDays: rules.paymentPlanGraceDays,
    minOverdueMonths: rules.callListMinOverdueMonths,
    locale,
    messages: m,
  });
  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <h1 className="text-xl font-bold">{interpolate(m.plan.doc.title, { id: plan.id })}</h1>
        <p className="mt-2">{m.plan.doc.intro}</p>
        <dl className="mt-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
          {fields.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="break-words">{value}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 overflow-x-auto">
          <PlanSchedule
            instalments={plan.instalments}
            paidKopecks={null}
            today={kyivDay(new Date())}
            locale={locale}
            messages={m}
            caption={m.plan.schedule}
          />
        </div>
        <h2 className="mt-4 font-bold">{m.plan.terms}</h2>
        <ol className="mt-1 list-decimal pl-6">
          {terms.map((term) => (
            <li key={term}>{term}</li>
          ))}
        </ol>
        <p className="mt-6 flex flex-wrap items-center gap-4 print:hidden">
          <PrintButton label={m.plan.doc.print} />
          <Link
            href="/account/plan"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.common.back}
          </Link>
        </p>
      </main>
    </>
  );
}
