import { residentPage } from '@/app/_lib/resident-page';
import { AccrualsChart } from '@/components/resident/accruals-chart';
import { StatementMonthView } from '@/components/resident/statement-month';
import { TariffHistory } from '@/components/resident/tariff-history';
import { SiteHeader } from '@/components/site-header';
import { addMonths, isMonthKey } from '@/lib/dates';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { notOverdueUntil } from '@/lib/domain/arrears/age-arrears';
import { getAccountStatement } from '@/lib/domain/statements/get-account-statement';
import { getTariffHistory } from '@/lib/domain/statements/get-tariff-history';
import { formatMonth } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

const PATH = '/account/statement';
/** One page of the statement: a year, so a long history stays light on a phone. */
const PAGE_MONTHS = 12;

type Search = Promise<{ to?: string | string[] }>;

/**
 * The signed-in resident's statement: 12 months at a time (`?to=YYYY-MM` for earlier ones),
 * newest first, the accruals-vs-payments chart and the tariff history in plain words. Only ever
 * the session's current account (DESIGN rule 6): nothing here reads an account from the URL.
 * A malformed or future `to` is the latest page.
 */
export default async function StatementPage({ searchParams }: { searchParams: Search }) {
  const { session, locale, m } = await residentPage(PATH);
  const rules = getBillingRules();
  const now = new Date();
  const { to } = await searchParams;
  const prisma = getPrisma();
  const [statement, tariffs] = await Promise.all([
    getAccountStatement(prisma, {
      accountId: session.accountId,
      months: PAGE_MONTHS,
      to: typeof to === 'string' && isMonthKey(to) ? to : undefined,
    }),
    getTariffHistory(prisma, { accountId: session.accountId }),
  ]);
  const newestFirst = [...statement.months].reverse();
  const pageLinks = (
    <nav aria-label={m.statement.pagesLabel} className="mt-4 flex flex-wrap justify-between gap-2">
      {statement.hasEarlier ? (
        <a
          href={`${PATH}?to=${addMonths(statement.from, -1)}`}
          className="inline-flex min-h-11 items-center text-brand-800 underline"
        >
          {m.statement.earlier}
        </a>
      ) : (
        <span />
      )}
      {statement.hasLater ? (
        <a
          href={`${PATH}?to=${addMonths(statement.to, PAGE_MONTHS)}`}
          className="inline-flex min-h-11 items-center text-brand-800 underline"
        >
          {m.statement.later}
        </a>
      ) : null}
    </nav>
  );

  return (
    <>
      <SiteHeader locale={locale} messages={m} path={PATH} />
      <main id="main" className="mx-auto max-w-2xl px-4 py-6">
        <p>
          <a href="/account" className="inline-flex min-h-11 items-center text-brand-800 underline">
            {m.statement.toOverview}
          </a>
        </p>
        <h1 className="mt-2 text-2xl font-bold">
          {m.statement.title}
          <span className="block font-mono text-base font-normal text-slate-700">
            {m.common.accountNumber} {formatAccountNumber(session.accountNumber)}
          </span>
        </h1>
        <p className="mt-2 text-slate-700">
          {interpolate(m.statement.period, {
            from: formatMonth(statement.from, locale),
            to: formatMonth(statement.to, locale),
          })}
        </p>
        <AccrualsChart
          points={statement.months.map((month) => ({
            month: month.month,
            accrued: month.charged,
            paid: month.paid,
          }))}
          locale={locale}
          messages={m}
        />
        <section aria-labelledby="months-title" className="mt-8">
          <h2 id="months-title" className="text-xl font-bold">
            {m.statement.monthsTitle}
          </h2>
          <ol className="mt-3 flex flex-col gap-2">
            {newestFirst.map((month, index) => (
              <StatementMonthView
                key={month.month}
                month={month}
                previous={newestFirst[index + 1]}
                dueBy={notOverdueUntil(month.month, now, rules)}
                open={index < 2}
                locale={locale}
                messages={m}
              />
            ))}
          </ol>
          {pageLinks}
        </section>
        <TariffHistory
          categoryName={tariffs.categoryName}
          steps={tariffs.steps}
          locale={locale}
          messages={m}
        />
      </main>
    </>
  );
}
