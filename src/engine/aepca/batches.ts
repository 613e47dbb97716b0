import type { MnistSplit } from '../../data/mnist';
import { Rng } from '../../core/rng';

/** Random minibatches of [0, 1] grey levels from the first n images of a split. */
export class RandomBatches {
  private readonly rng: Rng;
  constructor(
    readonly split: MnistSplit,
    readonly n: number,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  next(size: number): Float32Array {
    const out = new Float32Array(size * 784);
    for (let r = 0; r < size; r++) {
      const i = Math.floor(this.rng.next() * this.n);
      for (let p = 0; p < 784; p++) out[r * 784 + p] = this.split.images[i * 784 + p]! / 255;
    }
    return out;
  }

  /** Standard normals (count values) from the same generator. */
  normals(count: number): Float32Array {
    return Float32Array.from({ length: count }, () => this.rng.normal());
  }

  uniforms(count: number): Float32Array {
    return Float32Array.from({ length: count }, () => this.rng.next());
  }
}

/** The first count images of a split as [0, 1] grey levels. */
export function firstImages(split: MnistSplit, count: number): Float32Array {
  const out = new Float32Array(count * 784);
  for (let i = 0; i < count * 784; i++) out[i] = split.images[i]! / 255;
  return out;
}
