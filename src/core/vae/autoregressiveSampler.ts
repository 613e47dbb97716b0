import { Rng } from '../rng';

/**
 * The autoregressive (MADE) decoder's pieces that need no tfjs: its masks, and sequential sampling from
 * its masked weights (the worker, the CLI and the page's latent explorer all draw with this). The model
 * itself is in ./autoregressiveDecoder.ts.
 */
export const AR_PIXELS = 784;

/**
 * Hidden unit k's degree m_k, spread evenly over 0..783: the unit sees pixels 0..m_k - 1 (and z). Units of
 * degree 0 see only z; they are what lets z reach the first pixel's output.
 */
export function hiddenDegrees(hidden: number, pixels = AR_PIXELS): Int32Array {
  const m = new Int32Array(hidden);
  for (let k = 0; k < hidden; k++) m[k] = Math.floor((k * pixels) / hidden);
  return m;
}

/** The three masks as row-major 0/1 arrays: in [pixels, H], hidden [H, pixels], direct [pixels, pixels]. */
export function autoregressiveMasks(hidden: number, pixels = AR_PIXELS) {
  const m = hiddenDegrees(hidden, pixels);
  const inMask = new Float32Array(pixels * hidden);
  const hidMask = new Float32Array(hidden * pixels);
  const dirMask = new Float32Array(pixels * pixels);
  for (let j = 0; j < pixels; j++)
    for (let k = 0; k < hidden; k++) inMask[j * hidden + k] = j < m[k]! ? 1 : 0;
  for (let k = 0; k < hidden; k++)
    for (let i = 0; i < pixels; i++) hidMask[k * pixels + i] = m[k]! <= i ? 1 : 0;
  for (let j = 0; j < pixels; j++) for (let i = j + 1; i < pixels; i++) dirMask[j * pixels + i] = 1;
  return { inMask, hidMask, dirMask };
}

/** The decoder's weights with their masks applied, as plain arrays (sampling, the page, saving). */
export interface ArWeightsData {
  hidden: number;
  /** Size of [z, c]. */
  contextDim: number;
  /** [784, H] masked. */
  Wx: Float32Array;
  /** [contextDim, H]. */
  Wz: Float32Array;
  bIn: Float32Array;
  /** [H, 784] masked. */
  Wh: Float32Array;
  /** [784, 784] masked (strictly upper triangular in [from, to] layout). */
  Wd: Float32Array;
  bOut: Float32Array;
}

/**
 * Ancestral sampling, pixel by pixel: for i = 0..783, p_i = sigmoid(f_i(x_<i, context)), x_i ~ Bern(p_i).
 * The hidden pre-activations are updated incrementally (pixel i adds x_i times row i of W_x), so one
 * image costs about 784 (2H + 392) multiply-adds instead of 784 full passes. `context` [n, contextDim]
 * row-major. Returns the binary samples x and the probabilities p_i each pixel was drawn with (given
 * the pixels drawn before it): both n x 784.
 */
export function sampleAutoregressive(
  w: ArWeightsData,
  context: ArrayLike<number>,
  n: number,
  seed: number,
): { x: Float32Array; p: Float32Array } {
  const { hidden: H, contextDim: C, Wx, Wz, bIn, Wh, Wd, bOut } = w;
  const P = AR_PIXELS;
  if (context.length !== n * C)
    throw new RangeError(`expected ${n} x ${C} context values, got ${context.length}`);
  const xs = new Float32Array(n * P);
  const ps = new Float32Array(n * P);
  const a = new Float32Array(H);
  const rng = new Rng(seed);
  for (let r = 0; r < n; r++) {
    a.set(bIn);
    for (let c = 0; c < C; c++) {
      const v = context[r * C + c]!;
      if (v === 0) continue;
      for (let k = 0; k < H; k++) a[k]! += v * Wz[c * H + k]!;
    }
    const x = xs.subarray(r * P, (r + 1) * P);
    for (let i = 0; i < P; i++) {
      let s = bOut[i]!;
      for (let k = 0; k < H; k++) {
        const ak = a[k]!;
        if (ak > 0) s += ak * Wh[k * P + i]!;
      }
      for (let j = 0; j < i; j++) if (x[j] !== 0) s += x[j]! * Wd[j * P + i]!;
      const pi = 1 / (1 + Math.exp(-s));
      ps[r * P + i] = pi;
      const xi = rng.next() < pi ? 1 : 0;
      x[i] = xi;
      if (xi !== 0) for (let k = 0; k < H; k++) a[k]! += Wx[i * H + k]!;
    }
  }
  return { x: xs, p: ps };
}
