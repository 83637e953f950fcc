import { describe, expect, it } from 'vitest';
import { isEmbeddedDbMessage } from './protocol';

describe('isEmbeddedDbMessage', () => {
  it.each([
    [{ type: 'ready', port: 5432 }, true],
    [{ type: 'open-failed', reason: 'x' }, true],
    [{ type: 'start-failed', reason: 'x' }, true],
    [{ type: 'ready', port: '5432' }, false],
    [{ type: 'open-failed' }, false],
    [{ type: 'other' }, false],
    [null, false],
    ['ready', false],
  ])('%o → %s', (message, expected) => {
    expect(isEmbeddedDbMessage(message)).toBe(expected);
  });
});
