import { describe, expect, it } from 'vitest';
import { planSchedule } from './plan-schedule';
import { paymentPlanStanding } from './plan-standing';

// 1,000.00 in 3, agreed 2026-12-01: 333.34 due 2027-01-01, 333.33 due 02-01, 333.33 due 03-01.
const instalments = planSchedule(100_000, 3, '2026-12-01');
const standing = (paidKopecks: number, today: string) =>
  paymentPlanStanding({ instalments, paidKopecks, today, graceDays: 10 });

describe('paymentPlanStanding (grace 10 days)', () => {
  it('before the first due date, nothing paid: on track, the first instalment next', () => {
    expect(standing(0, '2026-12-20')).toEqual({
      kind: 'ON_TRACK',
      paidKopecks: 0,
      next: { seq: 1, dueDate: '2027-01-01', amountKopecks: 33_334, leftKopecks: 33_334 },
      late: null,
    });
  });

  it('unpaid after the due date but within the grace: late, breaking on due + 11 days', () => {
    const result = standing(0, '2027-01-05');
    expect(result.kind).toBe('ON_TRACK');
    if (result.kind === 'ON_TRACK') expect(result.late?.breaksOn).toBe('2027-01-12');
  });

  it('on the tenth day after the due date it still stands; on the eleventh it breaks', () => {
    expect(standing(0, '2027-01-11').kind).toBe('ON_TRACK');
    expect(standing(0, '2027-01-12')).toMatchObject({
      kind: 'BROKEN',
      missed: { seq: 1, leftKopecks: 33_334, brokeOn: '2027-01-12' },
    });
  });

  it('a payment during the grace days keeps the plan', () => {
    expect(standing(33_334, '2027-01-12')).toMatchObject({
      kind: 'ON_TRACK',
      next: { seq: 2, leftKopecks: 33_333 },
      late: null,
    });
  });

  it('one kopeck short of the first instalment past its grace breaks it', () => {
    expect(standing(33_333, '2027-01-12')).toMatchObject({
      kind: 'BROKEN',
      missed: { seq: 1, leftKopecks: 1 },
    });
  });

  it('payments count in order: 400.00 covers the first and 66.66 of the second', () => {
    expect(standing(40_000, '2027-01-15')).toMatchObject({
      kind: 'ON_TRACK',
      next: { seq: 2, leftKopecks: 26_667 },
    });
    // The second instalment's grace ends on 2027-02-11: 266.67 still owed then breaks it.
    expect(standing(40_000, '2027-02-12')).toMatchObject({
      kind: 'BROKEN',
      missed: { seq: 2, leftKopecks: 26_667 },
    });
  });

  it('paying the whole plan, early or late, pays it off', () => {
    expect(standing(100_000, '2026-12-02')).toEqual({ kind: 'PAID_OFF', paidKopecks: 100_000 });
    expect(standing(150_000, '2027-06-01').kind).toBe('PAID_OFF');
  });

  it('a negative figure (a refund after the request) counts as nothing paid', () => {
    expect(standing(-5_000, '2026-12-20')).toMatchObject({ kind: 'ON_TRACK', paidKopecks: 0 });
  });
});
