import type { DisputeFormChoices } from '@/lib/domain/disputes/get-resident-disputes';
import type { DisputeCategory } from '@/lib/domain/disputes/open-dispute';
import { formatDate, formatMonth, formatUah } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

export const DISPUTE_ERROR_ID = 'dispute-error';

/** Which field a form error belongs to, so that field gets aria-invalid and the message. */
export type DisputeFormField = 'category' | 'month' | 'payment' | 'description';

/** The form's error, announced and referenced by the invalid field's aria-describedby. */
export function DisputeFormError({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p
      id={DISPUTE_ERROR_ID}
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800"
    >
      {text}
    </p>
  );
}

const FIELD_CLASS = 'min-h-12 w-full rounded border border-slate-500 bg-white px-3 text-base';

/**
 * The open-a-dispute form: a plain POST to a server action, no JavaScript needed. The month and
 * payment lists hold only the account's own months and payments (the action checks again).
 * `defaults` refill the form after a refused post; `invalid` marks the field the error is about.
 */
export function DisputeForm({
  action,
  categories,
  choices,
  defaults,
  error,
  invalid,
  minLength,
  maxLength,
  dueWorkingDays,
  locale,
  messages: m,
}: {
  action: (formData: FormData) => Promise<void>;
  categories: readonly DisputeCategory[];
  choices: DisputeFormChoices;
  defaults: { category?: string; month?: string; payment?: string; description?: string };
  error: string | null;
  invalid: DisputeFormField | null;
  minLength: number;
  maxLength: number;
  dueWorkingDays: number;
  locale: Locale;
  messages: Messages;
}) {
  const t = m.disputes;
  const describedBy = (field: DisputeFormField, hint?: string) =>
    [hint, invalid === field ? DISPUTE_ERROR_ID : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <section aria-labelledby="dispute-form-title" className="mt-8">
      <h2 id="dispute-form-title" className="text-xl font-bold">
        {t.formTitle}
      </h2>
      <p className="mt-2 text-slate-700">{interpolate(t.formIntro, { days: dueWorkingDays })}</p>
      <form action={action} className="mt-4 flex flex-col gap-5" noValidate>
        <DisputeFormError text={error} />
        <fieldset
          aria-describedby={describedBy('category')}
          aria-invalid={invalid === 'category' ? true : undefined}
          className="flex flex-col gap-1"
        >
          <legend className="mb-1 font-medium">{t.categoryLegend}</legend>
          {categories.map((category) => (
            <label key={category} className="flex min-h-11 items-center gap-3">
              <input
                type="radio"
                name="category"
                value={category}
                required
                defaultChecked={defaults.category === category}
                className="size-5 shrink-0 accent-brand-700"
              />
              <span>{m.overview.disputeCategory[category]}</span>
            </label>
          ))}
        </fieldset>

        <div className="flex flex-col gap-1">
          <label htmlFor="dispute-month" className="font-medium">
            {t.monthLabel}
          </label>
          <select
            id="dispute-month"
            name="month"
            defaultValue={defaults.month ?? ''}
            aria-describedby={describedBy('month')}
            aria-invalid={invalid === 'month' ? true : undefined}
            className={FIELD_CLASS}
          >
            <option value="">{t.monthNone}</option>
            {choices.months.map((month) => (
              <option key={month} value={month}>
                {formatMonth(month, locale)}
              </option>
            ))}
          </select>
        </div>

        {choices.payments.length > 0 && (
          <div className="flex flex-col gap-1">
            <label htmlFor="dispute-payment" className="font-medium">
              {t.paymentLabel}
            </label>
            <select
              id="dispute-payment"
              name="payment"
              defaultValue={defaults.payment ?? ''}
              aria-describedby={describedBy('payment')}
              aria-invalid={invalid === 'payment' ? true : undefined}
              className={FIELD_CLASS}
            >
              <option value="">{t.paymentNone}</option>
              {choices.payments.map((payment) => (
                <option key={payment.id} value={String(payment.id)}>
                  {interpolate(t.paymentOption, {
                    date: formatDate(payment.paidAt, locale),
                    amount: formatUah(payment.amountKopecks, locale),
                    receipt: payment.receiptNumber,
                  })}
                </option>
              ))}
            </select>
          </div>
        )}

        <div className="flex flex-col gap-1">
          <label htmlFor="dispute-description" className="font-medium">
            {t.descriptionLabel}
          </label>
          <textarea
            id="dispute-description"
            name="description"
            rows={6}
            required
            minLength={minLength}
            maxLength={maxLength}
            defaultValue={defaults.description ?? ''}
            aria-describedby={describedBy('description', 'dispute-description-hint')}
            aria-invalid={invalid === 'description' ? true : undefined}
            className="w-full rounded border border-slate-500 bg-white p-3 text-base"
          />
          <p id="dispute-description-hint" className="text-sm text-slate-700">
            {interpolate(t.descriptionHint, { min: minLength, max: maxLength })}
          </p>
        </div>

        <button
          type="submit"
          className="min-h-12 w-full rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800 sm:w-auto"
        >
          {t.submit}
        </button>
      </form>
    </section>
  );
}
