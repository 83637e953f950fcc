import { AppError } from '../app-error';

/**
 * Who is acting in the console and with which role. Roles are ordered: a SUPERVISOR may do
 * everything SUPPORT may, an ADMIN everything a SUPERVISOR may. Every staff use case takes the
 * actor and checks the role itself (`requireRole`), so a route that forgot its guard still
 * cannot reach a higher role's effect.
 */
export type StaffRole = 'SUPPORT' | 'SUPERVISOR' | 'ADMIN';

export type StaffActor = { staffUserId: number; role: StaffRole };

const RANK: Record<StaffRole, number> = { SUPPORT: 1, SUPERVISOR: 2, ADMIN: 3 };

export const STAFF_ROLES: readonly StaffRole[] = ['SUPPORT', 'SUPERVISOR', 'ADMIN'];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && value in RANK;
}

export function hasRole(actor: Pick<StaffActor, 'role'>, least: StaffRole): boolean {
  return RANK[actor.role] >= RANK[least];
}

/** Throws FORBIDDEN (403 at every edge) unless the actor holds `least` or a higher role. */
export function requireRole(actor: Pick<StaffActor, 'role'>, least: StaffRole): void {
  if (!hasRole(actor, least)) {
    throw new AppError('FORBIDDEN', `this needs the ${least} role`);
  }
}

/** SUPERVISOR and ADMIN must use a second factor; SUPPORT may. */
export function requiresSecondFactor(role: StaffRole): boolean {
  return role !== 'SUPPORT';
}
