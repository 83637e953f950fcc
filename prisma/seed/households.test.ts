import { describe, expect, it } from 'vitest';
import { parseAccountNumber } from '../../lib/domain/accounts/account-number';
import { accrualKopecks } from '../../lib/money';
import { FIXTURE_ACCOUNTS } from './fixtures';
import { accountSlots, generateAccount, monthlyBills, planBuildings } from './households';

describe('household generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(planBuildings(7, 500)).toEqual(planBuildings(7, 500));
    expect(generateAccount(7, 42, 0, 1, 'HIGH_RISE_LIFT')).toEqual(
      generateAccount(7, 42, 0, 1, 'HIGH_RISE_LIFT'),
    );
    expect(generateAccount(8, 42, 0, 1, 'HIGH_RISE_LIFT')).not.toEqual(
      generateAccount(7, 42, 0, 1, 'HIGH_RISE_LIFT'),
    );
  });

  it('plans enough apartments, with unique addresses', () => {
    const plans = planBuildings(1, 5000);
    expect(plans.reduce((n, p) => n + p.capacity, 0)).toBeGreaterThanOrEqual(5000);
    const addresses = new Set(plans.map((p) => `${p.street}|${p.houseNumber}`));
    expect(addresses.size).toBe(plans.length);
    expect([...accountSlots(plans, 5000)]).toHaveLength(5000);
  });

  it('gives valid, unique account numbers and sane attributes', () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const a = generateAccount(3, i, 0, i + 1, 'LOW_RISE_NO_LIFT');
      expect(parseAccountNumber(a.number).ok).toBe(true);
      numbers.add(a.number);
      expect(a.areaCentiSqm).toBeGreaterThanOrEqual(2500);
      expect(a.areaCentiSqm).toBeLessThanOrEqual(11000);
      expect(a.billAccessCode).toMatch(/^[0-9]{8}$/);
      for (const p of a.phones) expect(p.e164).toMatch(/^\+380[0-9]{9}$/);
      for (const p of a.payments)
        expect(Number.isInteger(p.amountKopecks) && p.amountKopecks > 0).toBe(true);
    }
    expect(numbers.size).toBe(2000);
    for (const f of FIXTURE_ACCOUNTS) expect(numbers.has(f.number)).toBe(false);
  });

  it('bills the sum of per-service accruals, doubling roughly at the tariff change', () => {
    const bills = monthlyBills('LOW_RISE_NO_LIFT', 5000);
    expect(bills).toHaveLength(24);
    expect(bills[0]).toBe(
      accrualKopecks(5000, 64) + accrualKopecks(5000, 167) + accrualKopecks(5000, 71),
    );
    const ratio = (bills[10] ?? 0) / (bills[9] ?? 1);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.3);
  });

  it('has valid fixture numbers and codes', () => {
    for (const f of FIXTURE_ACCOUNTS) {
      expect(parseAccountNumber(f.number)).toEqual({ ok: true, accountNumber: f.number });
      expect(f.billAccessCode).toMatch(/^[0-9]{8}$/);
    }
  });
});
