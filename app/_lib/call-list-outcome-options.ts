import 'server-only';
import type { SmsHours } from '@/components/resident/sms-choice';
import type { BillingRules } from '@/lib/domain/billing-rules';
import { smsReminderHours } from './sms-hours';

/**
 * The configured numbers every call-list outcome sentence states (the rule's months and amount,
 * the SMS hours): one place for the result page, the receipt page and the PDF.
 */
export function callListOutcomeOptions(rules: BillingRules): {
  minOverdueMonths: number;
  minOverdueKopecks: number;
  smsHours: SmsHours;
} {
  return {
    minOverdueMonths: rules.callListMinOverdueMonths,
    minOverdueKopecks: rules.callListMinOverdueKopecks,
    smsHours: smsReminderHours(),
  };
}
