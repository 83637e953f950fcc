import { type AppError, isAppError } from '@/lib/domain/app-error';
import type { CookieSpec } from '@/lib/server/auth/staff';

export function seeOther(location: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: location, 'Cache-Control': 'no-store' },
  });
}

export function setCookie(response: Response, cookie: CookieSpec): Response {
  const { options } = cookie;
  response.headers.append(
    'Set-Cookie',
    `${cookie.name}=${cookie.value}; Path=${options.path}; Max-Age=${options.maxAge}; HttpOnly; SameSite=Strict${
      options.secure ? '; Secure' : ''
    }`,
  );
  return response;
}

/** Where a refused sign-in goes: the form again, with the reason as query parameters. */
export function signInFailure(path: string, back: string, error: AppError): string {
  const params = new URLSearchParams({ back });
  if (isAppError(error, 'RATE_LIMITED')) {
    const details = error.details;
    if (details.reason === 'LOCKED') {
      params.set('error', 'locked');
      params.set('until', details.unlocksAt.toISOString());
    } else {
      params.set('error', 'rate_limited');
      params.set('minutes', String(Math.max(1, Math.ceil(details.retryAfterSeconds / 60))));
    }
  } else params.set('error', 'invalid');
  return `${path}?${params.toString()}`;
}

export type SignInSearch = {
  back?: string;
  error?: string;
  until?: string;
  minutes?: string;
  notice?: string;
};

export function signInError(search: SignInSearch): string | null {
  switch (search.error) {
    case 'invalid':
      return 'Неправильна пошта, пароль або код.';
    case 'locked': {
      const until = search.until ? new Date(search.until) : null;
      const time =
        until && !Number.isNaN(until.getTime())
          ? new Intl.DateTimeFormat('uk-UA', {
              timeZone: 'Europe/Kyiv',
              timeStyle: 'short',
            }).format(until)
          : null;
      return `Забагато невдалих спроб. Вхід тимчасово заблоковано${time ? ` до ${time}` : ''}.`;
    }
    case 'rate_limited':
      return `Забагато спроб з цього пристрою. Спробуйте через ${Number(search.minutes) || 15} хв.`;
    case 'expired':
      return 'Час на введення коду минув або спроби вичерпано. Увійдіть ще раз.';
    default:
      return null;
  }
}
