import { isAppError } from '../app-error';

/**
 * Why a sign-in (or a request for a sign-in code) failed, as a value the forms explain.
 * next-auth carries only a string code from `authorize` to the action that called `signIn`,
 * so the value crosses that boundary through encode/decode below and nowhere else.
 */
export type SignInFailure =
  | { kind: 'invalid'; remainingAttempts?: number }
  | { kind: 'no_phone' }
  | { kind: 'locked'; unlocksAt: Date }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'resend'; retryAfterSeconds: number };

/** The failure an expected domain error stands for; null for anything else (a bug, an outage). */
export function signInFailureOf(error: unknown): SignInFailure | null {
  if (isAppError(error, 'RATE_LIMITED')) {
    const details = error.details;
    switch (details.reason) {
      case 'LOCKED':
        return { kind: 'locked', unlocksAt: details.unlocksAt };
      case 'RESEND':
        return { kind: 'resend', retryAfterSeconds: details.retryAfterSeconds };
      case 'CLIENT':
        return { kind: 'rate_limited', retryAfterSeconds: details.retryAfterSeconds };
      default: {
        const unreachable: never = details;
        return unreachable;
      }
    }
  }
  if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'phone') {
    return { kind: 'no_phone' };
  }
  if (isAppError(error, 'UNAUTHORIZED') && error.details?.remainingAttempts !== undefined) {
    return { kind: 'invalid', remainingAttempts: error.details.remainingAttempts };
  }
  if (isAppError(error)) return { kind: 'invalid' };
  return null;
}

export function encodeSignInFailure(failure: SignInFailure): string {
  switch (failure.kind) {
    case 'locked':
      return `locked:${failure.unlocksAt.toISOString()}`;
    case 'rate_limited':
    case 'resend':
      return `${failure.kind}:${failure.retryAfterSeconds}`;
    case 'invalid':
      return failure.remainingAttempts === undefined
        ? 'invalid'
        : `invalid:${failure.remainingAttempts}`;
    default:
      return failure.kind;
  }
}

/** Decodes encodeSignInFailure's string; anything unrecognised is `invalid`. */
export function decodeSignInFailure(code: string): SignInFailure {
  const [kind = '', value = ''] = code.split(/:(.*)/s);
  if (kind === 'locked') {
    const unlocksAt = new Date(value);
    if (!Number.isNaN(unlocksAt.getTime())) return { kind, unlocksAt };
  }
  if (kind === 'rate_limited' || kind === 'resend') {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds > 0) return { kind, retryAfterSeconds: seconds };
  }
  if (kind === 'no_phone') return { kind };
  if (kind === 'invalid' && /^[0-9]{1,2}$/.test(value)) {
    return { kind: 'invalid', remainingAttempts: Number(value) };
  }
  return { kind: 'invalid' };
}
