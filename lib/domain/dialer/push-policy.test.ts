import { describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import { PUSH_POLICY, parsePushUrl, pushRetryDelayMs } from './push-policy';

describe('push backoff', () => {
  it.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [4, 80_000],
    [8, 1_280_000],
    [9, 2_560_000],
    // 10 s × 2^9 = 5,120 s is over the cap of one hour.
    [10, 3_600_000],
    [1_000, 3_600_000],
  ])('after %i consecutive failures waits %i ms', (failures, delay) => {
    expect(pushRetryDelayMs(failures)).toBe(delay);
  });

  it('never waits longer than the cap', () => {
    expect(PUSH_POLICY.backoffCapMs).toBe(3_600_000);
  });
});

describe('push endpoint URL', () => {
  const local = { allowLoopbackHttp: true };
  const production = { allowLoopbackHttp: false };

  it.each([
    [
      'https://dialer.example.com/hooks/kvartplata',
      production,
      'https://dialer.example.com/hooks/kvartplata',
    ],
    [
      '  https://DIALER.example.com:8443/x?a=1 ',
      production,
      'https://dialer.example.com:8443/x?a=1',
    ],
    ['http://127.0.0.1:4000/push', local, 'http://127.0.0.1:4000/push'],
    ['http://localhost:4000/push', local, 'http://localhost:4000/push'],
    ['http://[::1]:4000/push', local, 'http://[::1]:4000/push'],
    ['https://172.32.0.1/push', production, 'https://172.32.0.1/push'],
    ['https://8.8.8.8/push', production, 'https://8.8.8.8/push'],
  ])('accepts %s', (raw, options, expected) => {
    expect(parsePushUrl(raw, options)).toBe(expected);
  });

  it.each([
    ['', local],
    ['not a url', local],
    ['ftp://dialer.example.com/', local],
    ['http://dialer.example.com/push', local],
    ['http://10.0.0.5/push', local],
    ['http://127.0.0.1:4000/push', production],
    ['http://localhost/push', production],
    ['https://user:pass@dialer.example.com/', production],
    ['https://127.0.0.1/push', production],
    ['https://localhost:8443/push', production],
    ['https://10.1.2.3/push', production],
    ['https://172.20.0.1/push', production],
    ['https://192.168.1.10/push', production],
    ['https://169.254.169.254/latest/meta-data', production],
    ['https://100.64.0.1/push', production],
    ['https://[::1]/push', production],
    ['https://[fd00::1]/push', production],
    ['https://[::ffff:10.0.0.1]/push', production],
    ['https://dialer.example.com/#frag', production],
    [`https://dialer.example.com/${'a'.repeat(2_000)}`, production],
  ])('refuses %s', (raw, options) => {
    let caught: unknown;
    try {
      parsePushUrl(raw, options);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'INVALID_INPUT')).toBe(true);
  });
});
