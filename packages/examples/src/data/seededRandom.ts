import { mix32 } from '@tfjs-noise/core';

/**
 * A small seeded PRNG (a Weyl sequence through the mix32 avalanche, like
 * splitmix) for shuffles and splits: tfjs-layers' own `shuffle: true` uses
 * Math.random, which would make two runs with one seed differ.
 */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = mix32(seed ^ 0x5bd1e995);
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state) / 4294967296;
  }
  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
