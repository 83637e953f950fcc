import { describe, expect, it } from 'vitest';
import {
  computeAccountDelay,
  computeSignInLock,
  remainingSignInAttempts,
  type SignInAttemptRecord,
} from './lockout';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const fail = (minutes: number): SignInAttemptRecord => ({ at: at(minutes), succeeded: false });
const ok = (minutes: number): SignInAttemptRecord => ({ at: at(minutes), succeeded: true });

describe('computeSignInLock (5 failures in 15 min → locked 15 min)', () => {
  it.each([
    { name: 'no attempts', attempts: [], now: 0, unlocksAt: null },
    {
      name: 'four failures',
      attempts: [fail(0), fail(1), fail(2), fail(3)],
      now: 4,
      unlocksAt: null,
    },
    {
      name: 'five failures within 15 min lock until the fifth + 15 min',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4)],
      now: 5,
      unlocksAt: 19,
    },
    {
      name: 'still locked one second before the unlock',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4)],
      now: 18.99,
      unlocksAt: 19,
    },
    {
      name: 'unlocked at the unlock time',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4)],
      now: 19,
      unlocksAt: null,
    },
    {
      name: 'failures spread over more than 15 min do not lock',
      attempts: [fail(0), fail(4), fail(8), fail(12), fail(16)],
      now: 16,
      unlocksAt: null,
    },
    {
      name: 'the window slides: failures 1..5 (minutes 4..16) lock',
      attempts: [fail(0), fail(4), fail(8), fail(12), fail(16), fail(17)],
      now: 17,
      unlocksAt: 32,
    },
    {
      name: 'a success clears the count',
      attempts: [fail(0), fail(1), fail(2), fail(3), ok(4), fail(5)],
      now: 6,
      unlocksAt: null,
    },
    {
      name: 'attempts during the lock do not extend it',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4), fail(10), fail(15), fail(18)],
      now: 18.5,
      unlocksAt: 19,
    },
    {
      name: 'after the lock, five new failures are needed',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4), fail(20), fail(21)],
      now: 22,
      unlocksAt: null,
    },
    {
      name: 'attempts given out of order',
      attempts: [fail(4), fail(0), fail(3), fail(1), fail(2)],
      now: 5,
      unlocksAt: 19,
    },
  ])('$name', ({ attempts, now, unlocksAt }) => {
    const lock = computeSignInLock(attempts, at(now));
    if (unlocksAt === null) expect(lock).toEqual({ locked: false });
    else expect(lock).toEqual({ locked: true, unlocksAt: at(unlocksAt) });
  });
});

describe('remainingSignInAttempts (what the form says after a wrong code)', () => {
  it.each([
    { name: 'no attempts: all five', attempts: [], now: 0, left: 5 },
    { name: 'one failure: four left', attempts: [fail(0)], now: 1, left: 4 },
    {
      name: 'four failures: one left',
      attempts: [fail(0), fail(1), fail(2), fail(3)],
      now: 4,
      left: 1,
    },
    {
      name: 'locked: none',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4)],
      now: 5,
      left: 0,
    },
    {
      name: 'after the lock ends: all five again',
      attempts: [fail(0), fail(1), fail(2), fail(3), fail(4)],
      now: 19,
      left: 5,
    },
    {
      name: 'a success clears the count',
      attempts: [fail(0), fail(1), fail(2), ok(3), fail(4)],
      now: 5,
      left: 4,
    },
    {
      // At 15.5 the window is (0.5, 15.5]: the failure at 0 has aged out, those at 1 and 10 count.
      name: 'a failure older than 15 minutes no longer counts',
      attempts: [fail(0), fail(1), fail(10)],
      now: 15.5,
      left: 3,
    },
  ])('$name', ({ attempts, now, left }) => {
    expect(remainingSignInAttempts(attempts, at(now))).toBe(left);
  });

  it('agrees with the lock: zero exactly when computeSignInLock says locked', () => {
    const attempts: SignInAttemptRecord[] = [];
    for (let minute = 0; minute < 60; minute += 2) {
      attempts.push(minute % 14 === 0 ? ok(minute) : fail(minute));
      const now = at(minute + 1);
      expect(remainingSignInAttempts(attempts, now) === 0).toBe(
        computeSignInLock(attempts, now).locked,
      );
    }
  });
});

describe('computeAccountDelay (distributed guessing: 20 free failures, then 1, 2, 4 … ≤ 60 min)', () => {
  const fails = (count: number, start = 0) =>
    Array.from({ length: count }, (_, i) => fail(start + i * 0.01));
  it.each([
    { name: '19 failures: no delay', attempts: fails(19), now: 1, unlocksAt: null },
    { name: 'the 20th failure: 1 minute', attempts: fails(20), now: 0.5, unlocksAt: 0.19 + 1 },
    {
      name: 'attempts during the delay neither count nor extend it',
      attempts: [...fails(20), fail(0.5), fail(0.6)],
      now: 0.7,
      unlocksAt: 0.19 + 1,
    },
    {
      name: 'the 21st checked failure: 2 minutes after it',
      attempts: [...fails(20), fail(2)],
      now: 2.5,
      unlocksAt: 4,
    },
    {
      name: 'capped at 60 minutes',
      attempts: [...fails(20), ...Array.from({ length: 10 }, (_, i) => fail(100 + i * 100))],
      now: 1000.5,
      unlocksAt: 1060,
    },
    {
      name: 'a success resets the count',
      attempts: [...fails(20), ok(2), fail(3)],
      now: 3.5,
      unlocksAt: null,
    },
  ])('$name', ({ attempts, now, unlocksAt }) => {
    const result = computeAccountDelay(attempts, at(now));
    if (unlocksAt === null) expect(result).toEqual({ locked: false });
    else expect(result).toEqual({ locked: true, unlocksAt: at(unlocksAt) });
  });
});
