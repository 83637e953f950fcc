import { AppError } from '../app-error';
import { MAX_STAFF_NOTE } from './staff-policy';

/**
 * A note a staff member writes with a decision (a reason the resident reads, a memo on a
 * correction): line endings normalised, trimmed, required, at most MAX_STAFF_NOTE characters.
 * Throws INVALID_INPUT on the `note` field (EMPTY or TOO_LONG), naming `what` in the message.
 */
export function cleanStaffNote(value: string, what = 'the note'): string {
  const text = value.replace(/\r\n/g, '\n').trim();
  if (text === '') {
    throw new AppError('INVALID_INPUT', `${what} is required`, { field: 'note', problem: 'EMPTY' });
  }
  if (text.length > MAX_STAFF_NOTE) {
    throw new AppError('INVALID_INPUT', `${what} is longer than ${MAX_STAFF_NOTE} characters`, {
      field: 'note',
      problem: 'TOO_LONG',
    });
  }
  return text;
}
