import { describe, expect, it } from 'vitest';
import { computeSignInLock, type SignInAttemptRecord } from './lockout';

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
