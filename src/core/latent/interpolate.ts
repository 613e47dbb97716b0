/**
 * Paths between two latent vectors. Linear interpolation cuts through the middle of the prior, where a
 * high-dimensional Gaussian has little mass (a sample's norm is about sqrt(d)); spherical interpolation
 * (slerp, as used for DCGAN walks) follows the great circle instead, so for endpoints of equal norm every
 * point on the path keeps that norm.
 */
export type InterpolationMode = 'linear' | 'slerp';

/** Below this sin(angle) the endpoints are treated as parallel and slerp falls back to lerp. */
const PARALLEL_SIN = 1e-6;

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length)
    throw new RangeError(`cannot interpolate vectors of length ${a.length} and ${b.length}`);
}

/** (1 - t) a + t b. */
export function lerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  checkSameLength(a, b);
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - t) * a[i]! + t * b[i]!;
  return out;
}

/**
 * sin((1 - t) W) / sin W * a + sin(t W) / sin W * b, W the angle between a and b. Falls back to lerp when
 * a or b is zero or they are (anti)parallel, where the great circle is undefined.
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float32Array {
  checkSameLength(a, b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  const denom = Math.sqrt(na * nb);
  if (denom === 0) return lerp(a, b, t);
  const omega = Math.acos(Math.min(1, Math.max(-1, dot / denom)));
  const s = Math.sin(omega);
  if (s < PARALLEL_SIN) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / s;
  const wb = Math.sin(t * omega) / s;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i]! + wb * b[i]!;
  return out;
}

/**
 * `steps` points from a to b inclusive, as a [steps, d] batch. The first and last rows are exact copies
 * of a and b, so their decodings equal the two endpoints' reconstructions.
 */
export function interpolationPath(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  steps: number,
  mode: InterpolationMode,
): Float32Array {
  checkSameLength(a, b);
  if (!Number.isInteger(steps) || steps < 2)
    throw new RangeError(`an interpolation needs at least 2 steps, got ${steps}`);
  const d = a.length;
  const out = new Float32Array(steps * d);
  const f = mode === 'slerp' ? slerp : lerp;
  out.set(Float32Array.from(a), 0);
  for (let s = 1; s < steps - 1; s++) out.set(f(a, b, s / (steps - 1)), s * d);
  out.set(Float32Array.from(b), (steps - 1) * d);
  return out;
}
