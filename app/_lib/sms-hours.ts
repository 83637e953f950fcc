import 'server-only';
import type { SmsHours } from '@/components/resident/sms-choice';
import { getSendingCalendar } from '@/lib/server/env';

/**
 * The reminder sending window as configured (SMS_REMINDER_HOURS, DESIGN rule 4), for the
 * sentences that promise it ("09:00–20:00 on working days"): the pages never state hours the
 * worker does not keep.
 */
export function smsReminderHours(): SmsHours {
  const { startHour, endHour } = getSendingCalendar();
  const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  return { from: hh(startHour), to: hh(endHour) };
}
