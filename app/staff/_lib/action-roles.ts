import type { StaffRole } from '@/lib/domain/staff/staff-actor';

/**
 * Every console action and the least role it needs: the registry (actions.ts) is typed against
 * this list, and the role-matrix test (e2e/staff/role-matrix.spec.ts) walks it, so an action
 * cannot be added without its role or without being tested.
 */
export const ACTION_ROLES = {
  'sign-out': 'SUPPORT',
  'sign-out-everywhere': 'SUPPORT',
  'totp.enrol.start': 'SUPPORT',
  'totp.enrol.confirm': 'SUPPORT',
  'dispute.assign': 'SUPPORT',
  'dispute.reply': 'SUPPORT',
  'dispute.resolve': 'SUPPORT',
  'account.correct': 'SUPPORT',
  'account.bill-code': 'SUPPORT',
  'payment.attach': 'SUPPORT',
  'payment.refund': 'SUPPORT',
  'adjustment.decline': 'SUPPORT',
  'adjustment.approve': 'SUPERVISOR',
  'plan.approve': 'SUPPORT',
  'plan.decline': 'SUPPORT',
  'plan.cancel': 'SUPPORT',
  'tariff.schedule': 'ADMIN',
  'tariff.withdraw': 'ADMIN',
  'period.close': 'ADMIN',
  'dialer.key.create': 'ADMIN',
  'dialer.key.revoke': 'ADMIN',
  'dialer.push.register': 'ADMIN',
  'dialer.push.rotate': 'ADMIN',
  'dialer.push.disable': 'ADMIN',
  'dialer.push.enable': 'ADMIN',
  'dialer.push.retry': 'ADMIN',
  'dialer.push.delete': 'ADMIN',
} as const satisfies Record<string, StaffRole>;

export type StaffActionName = keyof typeof ACTION_ROLES;

/** Console pages (GET) and the least role each needs. `:account`/`:dispute` are filled in. */
export const PAGE_ROLES = {
  '/staff': 'SUPPORT',
  '/staff/accounts/:account': 'SUPPORT',
  '/staff/disputes': 'SUPPORT',
  '/staff/disputes/:dispute': 'SUPPORT',
  '/staff/approvals': 'SUPPORT',
  '/staff/plans': 'SUPPORT',
  '/staff/payments': 'SUPPORT',
  '/staff/security': 'SUPPORT',
  '/staff/audit': 'SUPERVISOR',
  '/staff/admin/dashboard': 'SUPERVISOR',
  '/staff/admin/imports': 'ADMIN',
  '/staff/admin/imports/:import': 'ADMIN',
  '/staff/admin': 'SUPERVISOR',
  '/staff/admin/tariffs': 'ADMIN',
  '/staff/admin/periods': 'ADMIN',
  '/staff/admin/dialer': 'ADMIN',
} as const satisfies Record<string, StaffRole>;

/** Route handlers answering GET (403 rather than a redirect when refused). */
export const ROUTE_ROLES = {
  '/staff/audit/export': 'SUPERVISOR',
  '/staff/admin/dashboard/debtors': 'SUPERVISOR',
  '/staff/admin/dashboard/collection-rate': 'SUPERVISOR',
  '/staff/admin/dashboard/call-list': 'SUPERVISOR',
  '/staff/admin/dashboard/call-list-exits': 'SUPERVISOR',
  '/staff/admin/dashboard/sms': 'SUPERVISOR',
  '/staff/admin/dashboard/payments': 'SUPERVISOR',
  '/staff/admin/dashboard/disputes': 'SUPERVISOR',
  '/staff/admin/imports/:import/errors.csv': 'ADMIN',
} as const satisfies Record<string, StaffRole>;
