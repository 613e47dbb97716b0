import type { MnistSplit } from './mnist';
import type { Rng } from '../core/rng';

/** byte / 255 for every byte, rounded to float32 once: the same values as dividing per pixel, faster. */
const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Copy examples `idx[from..to)` into a float batch in [0, 1] (pixel / 255, like torchvision's ToTensor). */
export function gatherBatch(s: MnistSplit, idx: ArrayLike<number>, from: number, to: number): Float32Array {
  const n = to - from;
  const out = new Float32Array(n * 784);
  const images = s.images;
  for (let r = 0; r < n; r++) {
    const src = idx[from + r]! * 784;
    const dst = r * 784;
    for (let c = 0; c < 784; c++) out[dst + c] = UNIT[images[src + c]!]!;
  }
  return out;
}

/** Epoch iterator state: a shuffled permutation, consumed in batches (last batch may be short). */
export class EpochOrder {
  private order: Uint32Array;
  cursor = 0;
  epoch = 0;
  constructor(
    readonly count: number,
    private readonly rng: Rng,
  ) {
    this.order = new Uint32Array(count);
    this.reshuffle();
  }
  private reshuffle(): void {
    for (let i = 0; i < this.count; i++) this.order[i] = i;
    this.rng.shuffle(this.order);
    this.cursor = 0;
  }
  /** Next batch of indices; `epochEnded` is true when this batch finishes the epoch. */
  next(batchSize: number): { indices: Uint32Array; epochEnded: boolean } {
    const from = this.cursor;
    const to = Math.min(this.count, from + batchSize);
    const indices = this.order.slice(from, to);
    this.cursor = to;
    const epochEnded = to >= this.count;
    if (epochEnded) {
      this.epoch++;
      this.reshuffle();
    }
    return { indices, epochEnded };
  }
  /** Where the iterator stands (a saved run continues from here). */
  getState(): { order: Uint32Array; cursor: number; epoch: number } {
    return { order: this.order.slice(), cursor: this.cursor, epoch: this.epoch };
  }
  setState(s: { order: ArrayLike<number>; cursor: number; epoch: number }): void {
    if (s.order.length !== this.count)
      throw new Error(`epoch order has ${s.order.length} entries, not ${this.count}`);
    if (!(s.cursor >= 0 && s.cursor <= this.count)) throw new Error(`epoch cursor ${s.cursor} out of range`);
    this.order = Uint32Array.from(s.order);
    this.cursor = s.cursor;
    this.epoch = s.epoch;
  }
  get progress(): number {
    return this.cursor / this.count;
  }
}
