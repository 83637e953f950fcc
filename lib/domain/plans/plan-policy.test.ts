import { describe, expect, it } from 'vitest';
import { type PaymentPlanPolicy, planReviewReason } from './plan-policy';

const policy: PaymentPlanPolicy = {
  minInstalments: 3,
  maxInstalments: 12,
  autoMaxKopecks: 1_500_000,
  autoMaxInstalments: 12,
  brokenCooldownMonths: 12,
};

describe('planReviewReason: within the limits a plan starts at once', () => {
  it.each([
    [{ totalKopecks: 1_500_000, instalments: 12, brokenRecently: false }, null],
    [{ totalKopecks: 1_500_001, instalments: 6, brokenRecently: false }, 'AMOUNT'],
    [{ totalKopecks: 100_000, instalments: 3, brokenRecently: true }, 'RECENTLY_BROKEN'],
  ] as const)('%o → %s', (request, reason) => {
    expect(planReviewReason(request, policy)).toBe(reason);
  });

  it('a stricter instalment limit sends longer plans to staff', () => {
    expect(
      planReviewReason(
        { totalKopecks: 100_000, instalments: 9, brokenRecently: false },
        { ...policy, autoMaxInstalments: 6 },
      ),
    ).toBe('INSTALMENTS');
  });
});
