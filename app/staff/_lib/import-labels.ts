import type { PaymentImportSummary } from '@/lib/domain/imports/payment-import-summary';

/** How the console names an import's status. */
export const IMPORT_STATUS: Record<PaymentImportSummary['status'], string> = {
  QUEUED: 'у черзі',
  RUNNING: 'виконується',
  COMPLETED: 'завершено',
  FAILED: 'не вдалося',
};

/** "1 хв 05 с", "12 с": how long an import has run (or ran). */
export function elapsed(from: Date | null, to: Date | null, now: Date): string {
  if (!from) return '—';
  const seconds = Math.max(0, Math.round(((to ?? now).getTime() - from.getTime()) / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} хв ${String(seconds % 60).padStart(2, '0')} с` : `${seconds} с`;
}
