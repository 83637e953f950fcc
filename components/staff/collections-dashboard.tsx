import type {
  CollectionsDashboard,
  DashboardDay,
  DashboardMonth,
} from '@/lib/domain/dashboard/get-collections-dashboard';
import { formatUah } from '@/lib/i18n/format';
import { BarChart } from './charts/bar-chart';
import { ChartFigure } from './charts/chart-figure';
import { monthStarts } from './charts/chart-scale';
import { type ChartSeries, LineChart } from './charts/line-chart';

/** Colours that keep 4.5:1 on white and stay apart for the common colour-vision deficiencies. */
const COLOUR = {
  blue: '#1d4ed8',
  red: '#b91c1c',
  green: '#047857',
  amber: '#b45309',
  violet: '#6d28d9',
  slate: '#475569',
  teal: '#0f766e',
};

const MONTH_SHORT = [
  'січ',
  'лют',
  'бер',
  'кві',
  'тра',
  'чер',
  'лип',
  'сер',
  'вер',
  'жов',
  'лис',
  'гру',
];

const integer = new Intl.NumberFormat('uk-UA', { maximumFractionDigits: 0 });
const count = (n: number) => integer.format(n);
const uah = (kopecks: number) => formatUah(kopecks, 'uk');
const percent = (rate: number) =>
  new Intl.NumberFormat('uk-UA', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(rate);

/** "2026-03" or "2026-03-14" → "бер 26". */
function monthLabel(key: string): string {
  return `${MONTH_SHORT[Number(key.slice(5, 7)) - 1] ?? key.slice(5, 7)} ${key.slice(2, 4)}`;
}

/** "2026-03-14" → "14.03.2026". */
function dayLabel(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

const dash = (value: number | null, format: (n: number) => string = count) =>
  value === null ? '—' : format(value);

function lastKnown<T>(days: DashboardDay[], pick: (d: DashboardDay) => T | null): T | null {
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i];
    const value = day ? pick(day) : null;
    if (value !== null) return value;
  }
  return null;
}

function KeyFigure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded border border-slate-300 p-3">
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums">{value}</dd>
      {hint && <dd className="text-sm text-slate-700">{hint}</dd>}
    </div>
  );
}

type MonthlySeries = { name: string; colour: string; pick: (m: DashboardMonth) => number };

/** A monthly bar chart with its legend, its table (a column per series) and its CSV link. */
function MonthlyFigure({
  id,
  title,
  summary,
  chartTitle,
  description,
  series,
  months,
  csvHref,
  stacked = false,
}: {
  id: string;
  title: string;
  summary: string;
  chartTitle: string;
  description: string;
  series: MonthlySeries[];
  months: DashboardMonth[];
  csvHref: string;
  stacked?: boolean;
}) {
  return (
    <ChartFigure
      id={id}
      title={title}
      summary={summary}
      legend={series.map(({ name, colour }) => ({ name, colour }))}
      table={{
        caption: chartTitle,
        head: ['Місяць', ...series.map((s) => s.name)],
        rows: months.map((m) => [monthLabel(m.month), ...series.map((s) => count(s.pick(m)))]),
      }}
      csvHref={csvHref}
    >
      <BarChart
        id={`${id}-chart`}
        title={chartTitle}
        description={description}
        series={series.map(({ name, colour, pick }) => ({
          name,
          colour,
          values: months.map(pick),
        }))}
        labels={months.map((m) => monthLabel(m.month))}
        stacked={stacked}
        format={count}
      />
    </ChartFigure>
  );
}

/**
 * The collections dashboard (issue 10): the key figures, then one chart per question, each with
 * its figures as a table and a CSV export. Server-rendered SVG only (docs/dashboard.md).
 */
export function CollectionsDashboardView({
  data,
  csvHref,
}: {
  data: CollectionsDashboard;
  /** The CSV export of a chart, with the same period. */
  csvHref: (chart: string) => string;
}) {
  const { days, byMonth, collectionRate } = data;
  const dayKeys = days.map((d) => d.day);
  const dayTicks = monthStarts(dayKeys);
  const xLabels = dayKeys.map(monthLabel);
  const long = data.longMonths ?? 3;
  const lastRate = [...collectionRate].reverse().find((m) => m.complete && m.rate !== null);
  const debtorsNow = lastKnown(days, (d) => d.debtors);
  const longNow = lastKnown(days, (d) => d.debtorsLong);
  const overdueNow = lastKnown(days, (d) => d.overdueKopecks);
  const listNow = lastKnown(days, (d) => d.onCallList);
  const smsNow = lastKnown(days, (d) => d.smsAccounts);
  const firstDebtors = days.find((d) => d.debtors !== null);
  const missingList = days.some((d) => d.onCallList === null);
  const liveDays = days.filter((d) => d.debtorsSource === 'LIVE').length;
  const period = `${dayLabel(data.from)} – ${dayLabel(data.to)}`;

  const debtorSeries: ChartSeries[] = [
    {
      name: 'Боржники (є прострочений борг)',
      values: days.map((d) => d.debtors),
      colour: COLOUR.blue,
    },
    {
      name: `Прострочено ${long} міс. і більше`,
      values: days.map((d) => d.debtorsLong),
      colour: COLOUR.red,
      dashed: true,
    },
  ];
  const exitSeries: MonthlySeries[] = [
    { name: 'Сплатили', colour: COLOUR.green, pick: (m) => m.removedPaid },
    {
      name: 'Сплатили частково (нижче порогу)',
      colour: COLOUR.teal,
      pick: (m) => m.removedBelowThreshold,
    },
    { name: 'Обрали SMS', colour: COLOUR.blue, pick: (m) => m.removedSmsOptIn },
    { name: 'Відкрили звернення', colour: COLOUR.amber, pick: (m) => m.removedDisputeOpen },
    { name: 'Розстрочка', colour: COLOUR.violet, pick: (m) => m.removedPaymentPlan },
    { name: 'Інше', colour: COLOUR.slate, pick: (m) => m.removedOther },
  ];
  const exitsTotal = days.reduce((sum, d) => sum + d.callListRemoved, 0);
  const paidExits = byMonth.reduce((sum, m) => sum + m.removedPaid, 0);

  return (
    <>
      <dl className="mt-6 grid grid-cols-2 gap-3 lg:grid-cols-5">
        <KeyFigure label="Боржників зараз" value={dash(debtorsNow)} />
        <KeyFigure label={`З них прострочено ${long}+ міс.`} value={dash(longNow)} />
        <KeyFigure label="Прострочений борг" value={dash(overdueNow, uah)} />
        <KeyFigure label="У списку обдзвону" value={dash(listNow)} />
        <KeyFigure
          label="Рівень оплати"
          value={lastRate?.rate != null ? percent(lastRate.rate) : '—'}
          hint={lastRate ? `рахунки за ${monthLabel(lastRate.month)}` : undefined}
        />
      </dl>

      <ChartFigure
        id="debtors"
        title="Боржники"
        summary={`Рахунки з простроченим боргом на кінець кожного дня (${period}): ${
          firstDebtors && debtorsNow !== null
            ? `було ${count(firstDebtors.debtors ?? 0)} на ${dayLabel(firstDebtors.day)}, зараз ${count(debtorsNow)}`
            : 'немає даних'
        }; з них прострочено ${long} повних місяці і більше — ${dash(longNow)}.`}
        legend={debtorSeries.map(({ name, colour, dashed }) => ({ name, colour, dashed }))}
        table={{
          caption: 'Боржники по днях',
          head: ['День', 'Боржники', `${long}+ міс.`, 'Прострочений борг'],
          rows: days.map((d) => [
            dayLabel(d.day),
            dash(d.debtors),
            dash(d.debtorsLong),
            dash(d.overdueKopecks, uah),
          ]),
        }}
        csvHref={csvHref('debtors')}
        note={`Минулі дні пораховано з журналу рахунків за правилом старіння боргу (FIFO)${
          liveDays > 0 ? '; сьогодні — за правилом списку обдзвону на поточних даних' : ''
        }. Рахунок за місяць стає простроченим з першого дня місяця після місяця оплати.`}
      >
        <LineChart
          id="debtors-chart"
          title="Боржники по днях"
          description={`Лінійний графік за ${period}: кількість боржників і тих, у кого прострочено ${long} місяці і більше. Цифри — у таблиці нижче.`}
          series={debtorSeries}
          xLabels={xLabels}
          xTicks={dayTicks}
          format={count}
        />
      </ChartFigure>

      <ChartFigure
        id="collection-rate"
        title="Рівень оплати"
        summary={`Скільки з нарахованого за місяць сплачено протягом наступного місяця (коли рахунок виставлено і треба сплатити). ${
          lastRate?.rate != null
            ? `Останній завершений місяць (${monthLabel(lastRate.month)}): ${percent(lastRate.rate)}.`
            : ''
        }`}
        legend={[{ name: 'Сплачено ÷ нараховано', colour: COLOUR.green }]}
        table={{
          caption: 'Рівень оплати по місяцях',
          head: ['Розрахунковий місяць', 'Нараховано', 'Сплачено наступного місяця', 'Рівень'],
          rows: collectionRate.map((m) => [
            `${monthLabel(m.month)}${m.complete ? '' : ' (неповний)'}`,
            uah(m.accruedKopecks),
            uah(m.paidKopecks),
            m.rate === null ? '—' : percent(m.rate),
          ]),
        }}
        csvHref={csvHref('collection-rate')}
        note="Бліді стовпці: місяць оплати ще триває або не всі його дні пораховано. Пунктир — 100 %."
      >
        <BarChart
          id="collection-rate-chart"
          title="Рівень оплати по місяцях"
          description={`Стовпчики за розрахункові місяці: відсоток нарахованого, сплачений наступного місяця; пунктирна лінія — 100 %. ${collectionRate
            .map((m) => `${monthLabel(m.month)}: ${m.rate === null ? 'немає' : percent(m.rate)}`)
            .join('; ')}.`}
          series={[
            {
              name: 'Рівень оплати',
              values: collectionRate.map((m) => (m.rate === null ? null : m.rate * 100)),
              colour: COLOUR.green,
            },
          ]}
          labels={collectionRate.map((m) => monthLabel(m.month))}
          muted={collectionRate.map((m) => !m.complete)}
          reference={100}
          minMax={100}
          step={20}
          format={(v) => `${count(v)} %`}
        />
      </ChartFigure>

      <ChartFigure
        id="call-list"
        title="Список обдзвону"
        summary={`Номери у списку на кінець кожного дня: зараз ${dash(listNow)}.`}
        legend={[{ name: 'У списку', colour: COLOUR.red }]}
        table={{
          caption: 'Список обдзвону по днях',
          head: ['День', 'У списку', 'Додано', 'Вийшло'],
          rows: days.map((d) => [
            dayLabel(d.day),
            dash(d.onCallList),
            count(d.callListAdded),
            count(d.callListRemoved),
          ]),
        }}
        csvHref={csvHref('call-list')}
        note={
          missingList
            ? `Список ведеться з ${data.callListSince ? dayLabel(data.callListSince) : '—'}; за попередні дні даних немає: склад списку не можна відновити з журналу (телефони, заборони дзвінків і вибір SMS не мають історії).`
            : undefined
        }
      >
        <LineChart
          id="call-list-chart"
          title="Список обдзвону по днях"
          description={`Лінійний графік за ${period}: кількість номерів у списку обдзвону на кінець дня. Зараз ${dash(listNow)}.`}
          series={[{ name: 'У списку', values: days.map((d) => d.onCallList), colour: COLOUR.red }]}
          xLabels={xLabels}
          xTicks={dayTicks}
          format={count}
        />
      </ChartFigure>

      <MonthlyFigure
        id="call-list-exits"
        title="Як рахунки виходили зі списку"
        summary={`За період вийшло ${count(exitsTotal)}, з них сплатили борг ${count(paidExits)}.`}
        chartTitle="Виходи зі списку обдзвону по місяцях і причинах"
        description={`Складені стовпчики за місяці: скільки рахунків вийшло зі списку з кожної причини. Усього ${count(exitsTotal)}, сплатили ${count(paidExits)}.`}
        series={exitSeries}
        months={byMonth}
        csvHref={csvHref('call-list-exits')}
        stacked
      />

      <MonthlyFigure
        id="sms"
        title="SMS замість дзвінків"
        summary={`Скільки мешканців обрали нагадування SMS і скільки повернулися до дзвінків, по місяцях. Зараз SMS обрали ${dash(smsNow)}.`}
        chartTitle="Згоди на SMS по місяцях"
        description={`Стовпчики за місяці: нові згоди на SMS і відмови. Зараз SMS обрали ${dash(smsNow)}.`}
        series={[
          { name: 'Обрали SMS', colour: COLOUR.blue, pick: (m) => m.smsOptIns },
          { name: 'Відмовилися від SMS', colour: COLOUR.slate, pick: (m) => m.smsOptOuts },
        ]}
        months={byMonth}
        csvHref={csvHref('sms')}
      />

      <ChartFigure
        id="payments"
        title="Платежі по днях"
        summary={`Кількість платежів за день: онлайн (картка) і через банк або пошту (реєстри). За період: онлайн ${count(
          days.reduce((s, d) => s + d.paymentsOnline, 0),
        )} на ${uah(days.reduce((s, d) => s + d.paymentsOnlineKopecks, 0))}, через банк ${count(
          days.reduce((s, d) => s + d.paymentsBank, 0),
        )} на ${uah(days.reduce((s, d) => s + d.paymentsBankKopecks, 0))}.`}
        legend={[
          { name: 'Онлайн', colour: COLOUR.blue },
          { name: 'Банк / пошта', colour: COLOUR.amber, dashed: true },
        ]}
        table={{
          caption: 'Платежі по днях і каналах',
          head: ['День', 'Онлайн', 'Онлайн, сума', 'Банк / пошта', 'Банк / пошта, сума'],
          rows: days.map((d) => [
            dayLabel(d.day),
            count(d.paymentsOnline),
            uah(d.paymentsOnlineKopecks),
            count(d.paymentsBank),
            uah(d.paymentsBankKopecks),
          ]),
        }}
        csvHref={csvHref('payments')}
      >
        <LineChart
          id="payments-chart"
          title="Платежі по днях і каналах"
          description={`Лінійний графік за ${period}: кількість платежів за день онлайн і через банк або пошту.`}
          series={[
            { name: 'Онлайн', values: days.map((d) => d.paymentsOnline), colour: COLOUR.blue },
            {
              name: 'Банк / пошта',
              values: days.map((d) => d.paymentsBank),
              colour: COLOUR.amber,
              dashed: true,
            },
          ]}
          xLabels={xLabels}
          xTicks={dayTicks}
          format={count}
        />
      </ChartFigure>

      <MonthlyFigure
        id="disputes"
        title="Звернення"
        summary={`Відкриті і вирішені звернення по місяцях. Зараз не вирішено ${count(
          days.at(-1)?.disputesOpen ?? 0,
        )}.`}
        chartTitle="Звернення по місяцях"
        description="Стовпчики за місяці: скільки звернень відкрито і скільки вирішено."
        series={[
          { name: 'Відкрито', colour: COLOUR.amber, pick: (m) => m.disputesOpened },
          { name: 'Вирішено', colour: COLOUR.green, pick: (m) => m.disputesResolved },
        ]}
        months={byMonth}
        csvHref={csvHref('disputes')}
      />
    </>
  );
}
