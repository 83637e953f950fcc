import type { AuditLogFilters } from '@/lib/domain/staff/audit-log';

export type AuditSearch = {
  staff?: string;
  account?: string;
  action?: string;
  from?: string;
  to?: string;
};

/** The audit log's filters as query parameters (the page and the CSV export read the same). */
export function auditFilters(search: AuditSearch): AuditLogFilters {
  const day = (value: string | undefined, plusOne = false) => {
    if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
    const date = new Date(`${value}T00:00:00+02:00`);
    if (Number.isNaN(date.getTime())) return undefined;
    return plusOne ? new Date(date.getTime() + 86_400_000) : date;
  };
  const staff = Number(search.staff);
  return {
    staffUserId: Number.isSafeInteger(staff) && staff > 0 ? staff : undefined,
    accountNumber: search.account?.trim().slice(0, 24) || undefined,
    action: search.action?.trim().slice(0, 64) || undefined,
    from: day(search.from),
    to: day(search.to, true),
  };
}

export function auditQuery(search: AuditSearch): string {
  const params = new URLSearchParams();
  for (const key of ['staff', 'account', 'action', 'from', 'to'] as const) {
    const value = search[key];
    if (value) params.set(key, value.slice(0, 64));
  }
  return params.toString();
}
