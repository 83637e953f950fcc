import { describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import { hasRole, isStaffRole, requireRole, requiresSecondFactor } from './staff-actor';

describe('staff roles', () => {
  it('orders SUPPORT < SUPERVISOR < ADMIN', () => {
    expect(hasRole({ role: 'SUPPORT' }, 'SUPPORT')).toBe(true);
    expect(hasRole({ role: 'SUPPORT' }, 'SUPERVISOR')).toBe(false);
    expect(hasRole({ role: 'SUPERVISOR' }, 'SUPPORT')).toBe(true);
    expect(hasRole({ role: 'SUPERVISOR' }, 'ADMIN')).toBe(false);
    expect(hasRole({ role: 'ADMIN' }, 'SUPERVISOR')).toBe(true);
  });

  it('refuses a lower role with FORBIDDEN', () => {
    let caught: unknown;
    try {
      requireRole({ role: 'SUPPORT' }, 'SUPERVISOR');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'FORBIDDEN')).toBe(true);
  });

  it('knows the roles and which need a second factor', () => {
    expect(isStaffRole('ADMIN')).toBe(true);
    expect(isStaffRole('ROOT')).toBe(false);
    expect(requiresSecondFactor('SUPPORT')).toBe(false);
    expect(requiresSecondFactor('SUPERVISOR')).toBe(true);
    expect(requiresSecondFactor('ADMIN')).toBe(true);
  });
});
