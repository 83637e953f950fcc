'use server';

import { notFound, redirect } from 'next/navigation';
import { isAppError } from '@/lib/domain/app-error';
import { addResidentMessage } from '@/lib/domain/disputes/add-resident-message';
import { openDispute } from '@/lib/domain/disputes/open-dispute';
import { MAX_DISPUTE_TEXT } from '@/lib/domain/staff/staff-policy';
import { requireResidentSession } from '@/lib/server/auth/resident';
import { getPrisma } from '@/lib/server/db';
import { getBillingRules, getSendingCalendar, getStaffPolicy } from '@/lib/server/env';
import { type DisputeErrorCode, withDraft } from './dispute-errors';

/*
 * Disputes (DESIGN rule 7), resident side: plain form posts, no client JavaScript. Each action
 * checks the session itself (the account is always the session's current one, never a form
 * field), reads its input, calls one domain function and redirects: to the dispute on success,
 * or back to the form with an error code the page explains in the resident's language (and the
 * typed text, when it fits in a URL). A refused post changes nothing. CSRF: Next accepts a
 * server-action post only from its own origin.
 */

function field(formData: FormData, name: string, max: number): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** Free text: not trimmed or cut to the limit here, so the domain can say it is too long. */
function freeText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value.slice(0, MAX_DISPUTE_TEXT * 4) : '';
}

function to(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** Opens a dispute about the session's account; it leaves the call list in the same commit. */
export async function openDisputeAction(formData: FormData): Promise<void> {
  const session = await requireResidentSession('/account/disputes');
  const category = field(formData, 'category', 40);
  const month = field(formData, 'month', 20);
  const payment = field(formData, 'payment', 12);
  const description = freeText(formData, 'description');
  let target: string;
  try {
    const result = await openDispute(getPrisma(), {
      accountId: session.accountId,
      category,
      periodMonth: month || undefined,
      // Anything but an id of digits is refused by the domain as an unknown payment.
      paymentId: payment === '' ? undefined : /^[0-9]{1,9}$/.test(payment) ? Number(payment) : -1,
      description,
      rules: getBillingRules(),
      dueWorkingDays: getStaffPolicy().disputeDueWorkingDays,
      holidays: getSendingCalendar().holidays,
    });
    target = to(`/account/disputes/${result.disputeId}`, {
      opened: '1',
      removed: result.callList.change === 'REMOVED' ? '1' : '0',
    });
  } catch (error) {
    let code: DisputeErrorCode;
    if (isAppError(error, 'CONFLICT')) code = 'CONFLICT';
    else if (isAppError(error, 'INVALID_INPUT') && error.details) {
      const { details } = error;
      if (details.field === 'category') code = 'CATEGORY';
      else if (details.field === 'month') code = 'MONTH';
      else if (details.field === 'payment') code = 'PAYMENT';
      else if (details.field === 'description')
        code = details.problem === 'TOO_LONG' ? 'DESCRIPTION_TOO_LONG' : 'DESCRIPTION_TOO_SHORT';
      else throw error;
    } else throw error;
    target = to(
      '/account/disputes',
      code === 'CONFLICT'
        ? { error: code }
        : withDraft({ error: code, category, month, payment }, description),
    );
  }
  redirect(target);
}

/** A reply in the thread of one of the session account's own unresolved disputes. */
export async function replyToDisputeAction(formData: FormData): Promise<void> {
  const id = field(formData, 'disputeId', 12);
  if (!/^[0-9]{1,9}$/.test(id)) notFound();
  const path = `/account/disputes/${id}`;
  const session = await requireResidentSession(path);
  const body = freeText(formData, 'body');
  let target: string;
  try {
    await addResidentMessage(getPrisma(), {
      accountId: session.accountId,
      disputeId: Number(id),
      body,
    });
    target = `${to(path, { sent: '1' })}#thread`;
  } catch (error) {
    // Another account's dispute is not found, exactly like an unknown one.
    if (isAppError(error, 'NOT_FOUND')) notFound();
    if (isAppError(error, 'CONFLICT')) target = to(path, { error: 'RESOLVED' });
    else if (isAppError(error, 'INVALID_INPUT') && error.details?.field === 'message') {
      const code: DisputeErrorCode =
        error.details.problem === 'TOO_LONG' ? 'MESSAGE_TOO_LONG' : 'MESSAGE_TOO_SHORT';
      target = `${to(path, withDraft({ error: code }, body))}#reply`;
    } else throw error;
  }
  redirect(target);
}
