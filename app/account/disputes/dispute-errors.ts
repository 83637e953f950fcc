import type { DisputeFormField } from '@/components/resident/dispute-form';
import { MIN_DISPUTE_DESCRIPTION } from '@/lib/domain/disputes/open-dispute';
import { MAX_DISPUTE_TEXT } from '@/lib/domain/staff/staff-policy';
import { interpolate, type Messages } from '@/lib/i18n/messages';

/** The error codes the dispute actions put in the query (keys of m.disputes.errors). */
export type DisputeErrorCode = keyof Messages['disputes']['errors'];

const FIELD_OF: Partial<Record<DisputeErrorCode, DisputeFormField>> = {
  CATEGORY: 'category',
  MONTH: 'month',
  PAYMENT: 'payment',
  DESCRIPTION_TOO_SHORT: 'description',
  DESCRIPTION_TOO_LONG: 'description',
};

/** The message for an `error` query parameter, and the field it is about; null if none. */
export function disputeError(
  m: Messages,
  error: string | undefined,
): { code: DisputeErrorCode; text: string; field: DisputeFormField | null } | null {
  const errors: Record<string, string> = m.disputes.errors;
  if (!error || !Object.hasOwn(errors, error)) return null;
  const code = error as DisputeErrorCode;
  return {
    code,
    text: interpolate(errors[code] ?? '', { min: MIN_DISPUTE_DESCRIPTION, max: MAX_DISPUTE_TEXT }),
    field: FIELD_OF[code] ?? null,
  };
}

/**
 * The longest typed text sent back in the redirect's query, encoded: a refused form keeps what
 * the resident wrote (a short description, the usual mistake, always fits), while the address
 * stays well inside what browsers and Node's 16 KiB header limit accept.
 */
const MAX_DRAFT_IN_URL = 6000;

export function withDraft(query: Record<string, string>, draft: string): Record<string, string> {
  return encodeURIComponent(draft).length <= MAX_DRAFT_IN_URL ? { ...query, text: draft } : query;
}
