/**
 * Deterministic pseudo-random numbers for the demo data: the same seed always yields the same
 * sequence, on any machine. mulberry32 (32-bit state) is small, fast and good enough for
 * synthetic data; it is not for secrets.
 *
 * Each account gets its own stream, `rngFor(seed, stream, index)`, so an account's data
 * depends only on the seed and its index, not on the chunk size or on what came before.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with the given relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A string of `length` decimal digits. */
  digits(length: number): string;
};

/** Mixes 32-bit words into one well-distributed 32-bit hash (murmur3 finaliser per word). */
export function hash32(...words: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    let k = Math.imul(word | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a 32-bit-state generator returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min)
      throw new RangeError(`bad integer range [${min}, ${max}]`);
    return min + Math.floor(next() * (max - min + 1));
  };
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty array');
    return item;
  };
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from an empty array');
    return last[0];
  };
  const digits = (length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(next() * 10));
    return out;
  };
  return { next, int, chance: (p) => next() < p, pick, weighted, digits };
}

/** Stream names, so that two purposes never share a sequence. */
export const STREAM = {
  buildings: 1,
  accounts: 2,
  payments: 3,
} as const;

/** An independent generator for (seed, stream, index). */
export function rngFor(seed: number, stream: number, index = 0): Rng {
  return createRng(hash32(seed, stream, index));
}
