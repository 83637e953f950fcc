import type { ReactNode } from 'react';
import { SIGN_IN_POLICY } from '@/lib/domain/auth/policy';
import { formatDateTime } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { interpolate, type Messages } from '@/lib/i18n/messages';

export type SignInSearch = {
  method?: string;
  account?: string;
  back?: string;
  error?: string;
  until?: string;
  minutes?: string;
  /** Failures left before this device's lock on the number, after a wrong code. */
  left?: string;
};

/** The message for an `error` query parameter set by the sign-in actions, or null. */
export function signInErrorText(m: Messages, locale: Locale, search: SignInSearch): string | null {
  const minutes = search.minutes && /^[0-9]{1,4}$/.test(search.minutes) ? search.minutes : '1';
  switch (search.error) {
    case 'invalid':
      return m.auth.errors.invalid;
    case 'invalid_code':
      return m.auth.errors.invalidCode;
    case 'locked': {
      const until = search.until ? new Date(search.until) : null;
      const time = until && !Number.isNaN(until.getTime()) ? formatDateTime(until, locale) : '—';
      return interpolate(m.auth.errors.locked, { time });
    }
    case 'rate_limited':
      return interpolate(m.auth.errors.rateLimited, { minutes });
    case 'resend':
      return interpolate(m.auth.errors.resend, { minutes });
    case 'no_phone':
      return m.auth.errors.noPhone;
    case 'account':
      return m.auth.errors.account;
    case 'sms_failed':
      return m.auth.errors.smsFailed;
    default:
      return null;
  }
}

/**
 * Under a wrong-code error: how many more failures this device has on that number before it is
 * locked out, and for how long (counted alike for numbers that exist and those that do not, so
 * it says nothing about whether the account exists); the policy alone when the count is unknown
 * (a malformed number is not counted).
 */
export function signInErrorHint(m: Messages, search: SignInSearch): string | null {
  if (search.error !== 'invalid' && search.error !== 'invalid_code') return null;
  const left = search.left && /^[0-9]{1,2}$/.test(search.left) ? Number(search.left) : null;
  if (left !== null && left > 0 && left <= SIGN_IN_POLICY.maxFailures) {
    return interpolate(m.auth.errors.attemptsLeft, {
      left,
      minutes: SIGN_IN_POLICY.lockMinutes,
    });
  }
  return interpolate(m.auth.errors.attemptsPolicy, {
    max: SIGN_IN_POLICY.maxFailures,
    minutes: SIGN_IN_POLICY.lockMinutes,
  });
}

export const ERROR_ID = 'sign-in-error';

/** The form's error, referenced by its inputs' aria-describedby, and its hint below it. */
export function FormError({ text, hint = null }: { text: string | null; hint?: string | null }) {
  if (!text) return null;
  return (
    <>
      <p
        id={ERROR_ID}
        className="rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800"
      >
        {text}
      </p>
      {hint && <p className="text-sm text-slate-700">{hint}</p>}
    </>
  );
}

/** A labelled text input with its hint and, when the form failed, the error. */
export function Field({
  id,
  name,
  label,
  hint,
  error,
  defaultValue,
  autoComplete = 'off',
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  error: boolean;
  defaultValue?: string;
  autoComplete?: string;
  maxLength: number;
}) {
  const hintId = `${id}-hint`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        inputMode="numeric"
        autoComplete={autoComplete}
        maxLength={maxLength}
        required
        defaultValue={defaultValue}
        aria-describedby={error ? `${hintId} ${ERROR_ID}` : hintId}
        aria-invalid={error ? true : undefined}
        className="min-h-12 w-full rounded border border-slate-500 bg-white px-3 font-mono text-lg"
      />
      <p id={hintId} className="text-sm text-slate-700">
        {hint}
      </p>
    </div>
  );
}

export function SubmitButton({ children }: { children: ReactNode }) {
  return (
    <button
      type="submit"
      className="min-h-12 w-full rounded bg-brand-700 px-4 text-lg font-semibold text-white hover:bg-brand-800 sm:w-auto"
    >
      {children}
    </button>
  );
}
