import type { Rng } from "./random";

/**
 * Zipf-like sampling: rank k (0-based) is drawn with probability proportional to 1 / (k + 1)^s.
 * Natural-language word frequencies follow this shape with s close to 1: a few words are
 * everywhere, most are rare. Sampling is a binary search in the cumulative weights.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    readonly exponent = 1,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`ZipfSampler: size must be a positive integer, got ${size}`);
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let k = 0; k < size; k++) {
      total += 1 / Math.pow(k + 1, exponent);
      this.cumulative[k] = total;
    }
    for (let k = 0; k < size; k++) this.cumulative[k]! /= total;
  }

  /** The probability of rank k. */
  probability(rank: number): number {
    if (rank < 0 || rank >= this.size) return 0;
    return this.cumulative[rank]! - (rank === 0 ? 0 : this.cumulative[rank - 1]!);
  }

  sample(rng: Rng): number {
    const u = rng();
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid]! > u) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Picks from a list ordered most frequent first, with Zipf-like frequencies. */
export function zipfPicker<T>(items: readonly T[], exponent = 1): (rng: Rng) => T {
  const sampler = new ZipfSampler(items.length, exponent);
  return (rng) => items[sampler.sample(rng)]!;
}
