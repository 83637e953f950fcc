import { interpolate, type Messages } from '@/lib/i18n/messages';

/**
 * The public look-up form (a plain GET to `/`: works without JavaScript, and the result can be
 * bookmarked): the account-number field with its hint and, after a failed look-up, the error.
 */
export function AccountLookupForm({
  label,
  accountNumberLength,
  defaultValue,
  errorText,
  messages: m,
}: {
  label: string;
  accountNumberLength: number;
  defaultValue?: string;
  errorText?: string | null;
  messages: Messages;
}) {
  const errorId = 'account-error';
  return (
    <form method="get" action="/" className="mt-6 flex flex-col gap-2" noValidate>
      <label htmlFor="account" className="font-medium">
        {label}
      </label>
      <input
        id="account"
        name="account"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={32}
        defaultValue={defaultValue}
        aria-describedby={errorText ? `account-hint ${errorId}` : 'account-hint'}
        aria-invalid={errorText ? true : undefined}
        className="min-h-12 rounded border border-slate-500 bg-white px-3 font-mono text-lg"
      />
      <p id="account-hint" className="text-sm text-slate-700">
        {interpolate(m.home.hint, { length: accountNumberLength })}
      </p>
      {errorText && (
        <p
          id={errorId}
          className="rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800"
        >
          {errorText}
        </p>
      )}
      <button
        type="submit"
        className="mt-2 min-h-12 rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800"
      >
        {m.home.submit}
      </button>
    </form>
  );
}
