import * as tf from '@tensorflow/tfjs';

/**
 * Midpoint-rule quadrature on a 2-D latent grid (issue 10, item 1). A grid is n x n cells over the box
 * [x0, x1] x [y0, y1]; point k = j * n + i sits at the centre of cell (i, j): z0 = x0 + (i + 1/2) h0,
 * z1 = y0 + (j + 1/2) h1. For a smooth density that decays inside the box, the midpoint sum
 * sum_k f(z_k) h0 h1 converges fast (spectrally for Gaussian-like integrands once h is below the width).
 */
export interface Grid {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  n: number;
}

export function cellArea(g: Grid): number {
  return ((g.x1 - g.x0) / g.n) * ((g.y1 - g.y0) / g.n);
}

/** Cell centres, [n * n, 2] row-major (k = j * n + i). */
export function gridPoints(g: Grid): Float32Array {
  const out = new Float32Array(g.n * g.n * 2);
  const h0 = (g.x1 - g.x0) / g.n;
  const h1 = (g.y1 - g.y0) / g.n;
  for (let j = 0; j < g.n; j++)
    for (let i = 0; i < g.n; i++) {
      const k = j * g.n + i;
      out[2 * k] = g.x0 + (i + 0.5) * h0;
      out[2 * k + 1] = g.y0 + (j + 0.5) * h1;
    }
  return out;
}

/** log sum_i exp(a_i) in double precision (max-shifted); -Infinity for an empty or all -Infinity list. */
export function logSumExpArray(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.exp(a[i]! - m);
  return m + Math.log(s);
}

/** A log density of z ([rows, 2] -> [rows]); called inside a tidy. */
export type LogDensityFn = (z: tf.Tensor2D) => tf.Tensor1D;

/**
 * fn at every point of `points` ([rows * 2]), in chunks of `chunk` rows so a 40,000-point grid never
 * holds more than one chunk's decoder outputs; `pause` is awaited between chunks (lets training and
 * other messages run). Disposes everything it makes.
 */
export async function evalOnPoints(
  fn: LogDensityFn,
  points: Float32Array,
  chunk: number,
  pause?: (busyMs: number) => Promise<void>,
): Promise<Float64Array> {
  const rows = points.length / 2;
  const out = new Float64Array(rows);
  for (let from = 0; from < rows; from += chunk) {
    const to = Math.min(rows, from + chunk);
    const t0 = performance.now();
    const t = tf.tidy(() => fn(tf.tensor2d(points.subarray(2 * from, 2 * to), [to - from, 2])));
    const v = await t.data();
    t.dispose();
    out.set(v, from);
    if (pause) await pause(performance.now() - t0);
  }
  return out;
}
