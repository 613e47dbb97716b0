/**
 * The log p(x) estimator's bookkeeping in plain JavaScript (float64), shared by the engine, the CLI and
 * the page (which must not load tfjs for it): chunks of importance weights combine exactly by
 * log-add-exp. The estimator itself is ./logPx.ts.
 */

/** log(exp(a) + exp(b)) in float64. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Running log sum of importance weights per example, combined chunk by chunk in float64. */
export class LogPxAccumulator {
  readonly logSum: Float64Array;
  samples = 0;

  constructor(readonly n: number) {
    this.logSum = new Float64Array(n).fill(-Infinity);
  }

  /** Add a chunk: log sum_s w_s of `samples` samples for each of the n examples. */
  add(chunk: ArrayLike<number>, samples: number): void {
    if (chunk.length !== this.n)
      throw new RangeError(`chunk holds ${chunk.length} values, expected ${this.n}`);
    for (let i = 0; i < this.n; i++) this.logSum[i] = logAddExp(this.logSum[i]!, chunk[i]!);
    this.samples += samples;
  }

  /** log p(x) estimates per example: log (1/K) sum_s w_s. */
  estimates(): Float64Array {
    const logK = Math.log(this.samples);
    return this.logSum.map((v) => v - logK);
  }
}

/** Mean and its standard error (sd / sqrt(n)) of per-example values. */
export function meanWithError(values: ArrayLike<number>): { mean: number; se: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i]! - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(v / (n - 1) / n) : Number.NaN };
}
