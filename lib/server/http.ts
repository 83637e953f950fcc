import 'server-only';
import { type AppErrorCode, isAppError } from '../domain/app-error';

const STATUS: Record<AppErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PERIOD_OUT_OF_ORDER: 409,
  PERIOD_NOT_ENDED: 409,
  RATE_LIMITED: 429,
};

export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** Maps a domain AppError to its HTTP answer; rethrows anything else (a 500). */
export function appErrorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  if (!isAppError(error)) throw error;
  const extra: Record<string, string> =
    error.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer realm="kvartplata-dialer"' } : {};
  return jsonResponse({ error: error.code, message: error.message }, STATUS[error.code], {
    ...extra,
    ...headers,
  });
}
