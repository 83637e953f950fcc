import type { ServiceName } from '@/lib/domain/statements/get-account-statement';
import type { TariffStep } from '@/lib/domain/statements/get-tariff-history';
import { formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';
import { describeTariffStep } from './resident-format';

/**
 * The tariff history of the resident's building in plain words, oldest first: each change as a
 * sentence (old rate → new rate, the percentage, the monthly bill before and after for this
 * flat's area), then the rate of each service.
 */
export function TariffHistory({
  categoryName,
  steps,
  locale,
  messages: m,
}: {
  categoryName: ServiceName;
  steps: readonly TariffStep[];
  locale: Locale;
  messages: Messages;
}) {
  return (
    <section aria-labelledby="tariffs-title" className="mt-8">
      <h2 id="tariffs-title" className="text-xl font-bold">
        {m.tariffs.title}
      </h2>
      <p className="mt-1 text-slate-700">
        {interpolate(m.tariffs.category, { name: categoryName[locale] })}
      </p>
      <p className="mt-1 text-sm text-slate-700">{m.tariffs.rounding}</p>
      <ol className="mt-3 flex flex-col gap-3">
        {steps.map((step, index) => (
          <li
            key={step.effectiveFrom}
            className="rounded border border-slate-200 bg-white p-3"
            data-testid="tariff-step"
          >
            <p>
              {describeTariffStep(
                {
                  ...step,
                  previousMonthlyForArea: steps[index - 1]?.monthlyForArea ?? null,
                },
                locale,
                m,
              )}
            </p>
            <p className="mt-2 text-sm font-medium">{m.tariffs.services}:</p>
            <ul className="list-disc pl-6 text-sm">
              {step.rates.map((rate) => (
                <li key={rate.service.code}>
                  {rate.previousRate !== null && rate.previousRate !== rate.rateKopecksPerSqm
                    ? interpolate(m.tariffs.serviceChanged, {
                        service: rate.service[locale],
                        from: formatUah(rate.previousRate, locale),
                        to: formatUah(rate.rateKopecksPerSqm, locale),
                      })
                    : interpolate(m.tariffs.serviceSame, {
                        service: rate.service[locale],
                        to: formatUah(rate.rateKopecksPerSqm, locale),
                      })}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
