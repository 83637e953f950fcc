import { notFound } from 'next/navigation';
import QRCode from 'qrcode';
import { residentPage } from '@/app/_lib/resident-page';
import { PrintButton } from '@/components/print-button';
import { formatArea, formatAreaTimesRate } from '@/components/resident/resident-format';
import { SiteHeader } from '@/components/site-header';
import { isMonthKey, kyivMonthOf, monthStartDate } from '@/lib/dates';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { dueDateOf } from '@/lib/domain/arrears/age-arrears';
import { nbuQrPayload } from '@/lib/domain/payments/nbu-qr';
import { getAccountOverview } from '@/lib/domain/statements/get-account-overview';
import { getAccountStatement } from '@/lib/domain/statements/get-account-statement';
import { formatDocumentDate, formatMonth, formatUah } from '@/lib/i18n/format';
import { interpolate } from '@/lib/i18n/messages';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getPayee } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

type Params = Promise<{ month: string }>;

/**
 * One month's bill, printable and PDF-friendly (print CSS: no navigation, black on white).
 * 404 for a malformed or future month, or a month with nothing on it. The account is always the
 * session's current one (DESIGN rule 6).
 */
export default async function BillPage({ params }: { params: Params }) {
  const { month } = await params;
  if (!isMonthKey(month) || month > kyivMonthOf(new Date())) notFound();
  const { session, locale, m } = await residentPage(`/account/bill/${month}`);
  const prisma = getPrisma();
  const rules = getBillingRules();
  // Mid-month, so the one-month statement window is exactly this Kyiv month.
  const asOf = new Date(monthStartDate(month).getTime() + 14 * 24 * 60 * 60 * 1000);
  const [statement, overview] = await Promise.all([
    getAccountStatement(prisma, { accountId: session.accountId, months: 1, asOf }),
    getAccountOverview(prisma, { accountId: session.accountId, rules }),
  ]);
  const bill = statement.months[0];
  if (!bill || (bill.accruals.length === 0 && bill.movements.length === 0)) notFound();
  const monthName = formatMonth(month, locale);
  const payee = getPayee();
  // What the QR asks for: what is to pay at the end of this month (nothing when settled).
  const toPay = Math.max(0, bill.closingBalance);
  const purpose = interpolate(m.bill.purpose, {
    account: session.accountNumber,
    month: monthName,
  });
  const qr =
    toPay > 0
      ? await QRCode.toDataURL(
          nbuQrPayload({
            recipient: payee.name,
            iban: payee.iban,
            recipientCode: payee.edrpou,
            purpose,
            amountKopecks: toPay,
          }).url,
          { errorCorrectionLevel: 'M', margin: 2, width: 440 },
        )
      : null;
  const { street, houseNumber, apartment } = overview.address;

  return (
    <>
      <div className="print:hidden">
        <SiteHeader locale={locale} messages={m} path={`/account/bill/${month}`} />
      </div>
      <main
        id="main"
        className="mx-auto max-w-2xl px-4 py-6 print:max-w-none print:p-0 print:text-black"
      >
        <p className="print:hidden">
          <a
            href="/account/statement"
            className="inline-flex min-h-11 items-center text-brand-800 underline"
          >
            {m.bill.backToStatement}
          </a>
        </p>
        <article className="mt-2 rounded border border-slate-300 bg-white p-4 print:border-0 print:p-0">
          <p className="text-sm text-slate-700 print:text-black">
            {m.common.siteName} — {m.common.tagline}
          </p>
          <h1 className="mt-1 text-2xl font-bold">
            {interpolate(m.bill.title, { month: monthName })}
          </h1>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt className="text-slate-600 print:text-black">{m.common.accountNumber}</dt>
            <dd className="font-mono">{formatAccountNumber(overview.accountNumber)}</dd>
            <dt className="text-slate-600 print:text-black">{m.bill.holder}</dt>
            <dd>{overview.holderName}</dd>
            <dt className="text-slate-600 print:text-black">{m.bill.address}</dt>
            <dd>
              {interpolate(m.bill.apartmentAddress, { street, house: houseNumber, apartment })}
            </dd>
            <dt className="text-slate-600 print:text-black">{m.bill.area}</dt>
            <dd>
              {formatArea(overview.areaCentiSqm, locale)} {m.statement.sqm}
            </dd>
          </dl>

          <table className="mt-4 w-full border-collapse">
            <caption className="text-left font-semibold">{m.statement.accruals}</caption>
            <thead>
              <tr className="border-b border-slate-400 text-left text-sm print:border-black">
                <th scope="col" className="py-1 pr-2">
                  {m.statement.service}
                </th>
                <th scope="col" className="py-1">
                  {m.statement.calculation}
                </th>
                <th scope="col" className="py-1 pl-2 text-right">
                  {m.receipt.amount}
                </th>
              </tr>
            </thead>
            <tbody>
              {bill.accruals.map((line) => (
                <tr key={line.service.code} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-1 pr-2 text-left font-normal">
                    {line.service[locale]}
                  </th>
                  <td className="py-1 font-mono text-sm tabular-nums">
                    {formatAreaTimesRate(line, locale, m)}
                  </td>
                  <td className="whitespace-nowrap py-1 pl-2 text-right tabular-nums">
                    {formatUah(line.amount, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2 className="mt-4 font-semibold">{m.bill.payments}</h2>
          {bill.movements.length === 0 ? (
            <p>{m.bill.none}</p>
          ) : (
            <ul className="list-disc pl-6">
              {bill.movements.map((movement) => (
                <li key={`${movement.at.toISOString()}-${movement.kind}-${movement.amount}`}>
                  {m.statement.kind[movement.kind]}, {formatDocumentDate(movement.at)}:{' '}
                  {formatUah(Math.abs(movement.amount), locale)}
                  {movement.receiptNumber &&
                    ` (${interpolate(m.statement.receipt, { number: movement.receiptNumber })})`}
                </li>
              ))}
            </ul>
          )}

          <dl className="mt-4 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 border-t border-slate-400 pt-3 print:border-black">
            <dt>{m.bill.opening}</dt>
            <dd className="text-right tabular-nums">{formatUah(bill.openingBalance, locale)}</dd>
            <dt>{m.bill.charged}</dt>
            <dd className="text-right tabular-nums">{formatUah(bill.charged, locale)}</dd>
            <dt>{m.bill.paid}</dt>
            <dd className="text-right tabular-nums">{formatUah(bill.paid, locale)}</dd>
            <dt className="text-lg font-bold">{m.bill.closing}</dt>
            <dd className="text-right text-lg font-bold tabular-nums" data-testid="bill-closing">
              {formatUah(bill.closingBalance, locale)}
            </dd>
          </dl>
          {bill.accruals.length > 0 && (
            <p className="mt-3">
              {interpolate(m.bill.dueBy, {
                month: monthName,
                date: formatDocumentDate(dueDateOf(month, rules)),
              })}
            </p>
          )}
          <section
            aria-labelledby="pay-title"
            className="mt-4 border-t border-slate-400 pt-3 print:border-black"
          >
            <h2 id="pay-title" className="font-semibold">
              {m.bill.payTitle}
            </h2>
            <dl className="mt-1 grid grid-cols-1 gap-x-4 sm:grid-cols-[auto_1fr]">
              <dt className="text-slate-600 print:text-black">{m.receipt.payee}</dt>
              <dd>{payee.name}</dd>
              <dt className="text-slate-600 print:text-black">{m.receipt.edrpou}</dt>
              <dd className="font-mono">{payee.edrpou}</dd>
              <dt className="text-slate-600 print:text-black">{m.receipt.iban}</dt>
              <dd className="break-all font-mono" data-testid="bill-iban">
                {payee.iban}
              </dd>
              <dt className="text-slate-600 print:text-black">{m.receipt.bank}</dt>
              <dd>{payee.bank}</dd>
              <dt className="text-slate-600 print:text-black">{m.receipt.purpose}</dt>
              <dd data-testid="bill-purpose">{purpose}</dd>
            </dl>
            {qr && (
              <figure className="mt-3">
                {/* biome-ignore lint/performance/noImgElement: a generated data: URL, nothing to optimise */}
                <img
                  src={qr}
                  width={220}
                  height={220}
                  alt={interpolate(m.bill.qrAlt, {
                    amount: formatUah(toPay, locale),
                    iban: payee.iban,
                  })}
                  data-testid="bill-qr"
                />
                <figcaption className="mt-1 text-sm text-slate-700 print:text-black">
                  {interpolate(m.bill.qrCaption, { amount: formatUah(toPay, locale) })}
                </figcaption>
              </figure>
            )}
          </section>
        </article>
        <div className="mt-4 flex flex-col gap-2 print:hidden">
          <PrintButton label={m.bill.print} />
          <p className="text-sm text-slate-700">{m.bill.printHint}</p>
        </div>
      </main>
    </>
  );
}
