import { describe, expect, it } from 'vitest';
import { percentile } from './http-load';

describe('percentile (nearest rank)', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [50, 50],
    [90, 90],
    [99, 99],
    [100, 100],
    [1, 1],
  ])('p%i of 1..100 is %i', (p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
  it('is NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
